package io.influxtimescale.source.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.influxtimescale.source.plan.CellGrid;
import io.influxtimescale.source.plan.InfluxTime;
import io.influxtimescale.source.plan.ShardGroup;
import io.influxtimescale.source.plan.TimeWindow;

class StepPlannerTest {
    private static final CellGrid GRID = new CellGrid(100);
    private final StepPlanner planner = new StepPlanner(GRID, 3);

    /** Every step of a cycle from the cursor, moving the cursor the way the phase does. */
    private List<ReconcileStep> cycle(long cursor, StepPlanner.LiveMarks live, ReconcileScope scope,
                                      Optional<List<ShardGroup>> groups, long lastNs) {
        List<ReconcileStep> steps = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Optional<ReconcileStep> s = planner.next(cursor, live, scope, groups, lastNs);
            if (s.isEmpty()) {
                return steps;
            }
            steps.add(s.get());
            cursor = Math.max(cursor, s.get().resumeAtNs());
        }
        throw new AssertionError("the cycle does not end: " + steps);
    }

    @Test
    void walksOnlyWhereShardGroupsAreInStepsOfWholeCellsUpToTheLastGroup() {
        Optional<List<ShardGroup>> groups = Optional.of(List.of(new ShardGroup(-200, 50), new ShardGroup(1_000,
                1_150)));
        List<ReconcileStep> steps = cycle(InfluxTime.MIN_NS, null, ReconcileScope.ALL, groups, 0);
        assertThat(steps).extracting(ReconcileStep::kind).containsOnly(ReconcileStep.Kind.CELLS);
        assertThat(steps).extracting(s -> List.of(s.startNs(), s.endNs()))
                .containsExactly(List.of(-200L, 100L), List.of(1_000L, 1_150L));
        // counts are asked only inside shard groups
        assertThat(steps.get(0).pieces()).containsExactly(new TimeWindow(-200, 50));
        assertThat(steps.get(1).pieces()).containsExactly(new TimeWindow(1_000, 1_150));
    }

    @Test
    void aFollowedContainerSkipsTheLiveBandButChecksItsPartialCellAndWhatLiesAhead() {
        Optional<List<ShardGroup>> groups = Optional.of(List.of(new ShardGroup(0, 2_000)));
        // trailing read at 450 (cell 4 observed up to there), watermark at 480; future data up to the group's end
        StepPlanner.LiveMarks live = new StepPlanner.LiveMarks(400, 450, 480);
        List<ReconcileStep> steps = cycle(InfluxTime.MIN_NS, live, ReconcileScope.ALL, groups, 0);
        assertThat(steps).extracting(s -> s.kind() + " " + s.startNs() + "-" + s.endNs()).containsExactly(
                "CELLS 0-300", "CELLS 300-400", "PARTIAL 400-450", "AHEAD 480-500", "CELLS 500-800",
                "CELLS 800-1100", "CELLS 1100-1400", "CELLS 1400-1700", "CELLS 1700-2000");
    }

    @Test
    void withoutShardGroupsTheWalkEndsAtTheLastPointAndTheScopeClipsIt() {
        List<ReconcileStep> steps = cycle(250, null, new ReconcileScope(250, 10_000), Optional.empty(), 720);
        assertThat(steps).extracting(s -> List.of(s.startNs(), s.endNs()))
                .containsExactly(List.of(250L, 500L), List.of(500L, 720L));
        assertThat(steps.get(0).pieces()).containsExactly(new TimeWindow(250, 500));
    }

    @Test
    void overlappingShardGroupsAreCountedOnce() {
        assertThat(StepPlanner.pieces(0, 300, Optional.of(List.of(new ShardGroup(0, 200), new ShardGroup(100,
                300))))).containsExactly(new TimeWindow(0, 200), new TimeWindow(200, 300));
    }
}
