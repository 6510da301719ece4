package io.influxtimescale.source.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class WindowPlannerTest {
    private static final long H = 3_600_000_000_000L;
    private static final long D = 24 * H;

    @Test
    void gridIsAlignedToTheEpochAndClippedToTheRange() {
        WindowPlanner p = new WindowPlanner(D);
        List<TimeWindow> w = p.all(D / 2, 2 * D + 5, Optional.empty());
        assertThat(w).containsExactly(new TimeWindow(D / 2, D), new TimeWindow(D, 2 * D),
                new TimeWindow(2 * D, 2 * D + 5));
    }

    @Test
    void negativeTimesAlignToo() {
        WindowPlanner p = new WindowPlanner(D);
        assertThat(p.all(-D - 1, 1, Optional.empty())).containsExactly(new TimeWindow(-D - 1, -D),
                new TimeWindow(-D, 0), new TimeWindow(0, 1));
    }

    @Test
    void windowsAreCutAtShardGroupBoundariesAndGapsAreSkipped() {
        WindowPlanner p = new WindowPlanner(D);
        // groups [0, 7d) and [14d, 21d) of a 7-day policy, plus a 1h group to test a cut mid-grid-cell
        List<ShardGroup> groups = List.of(new ShardGroup(0, 7 * D), new ShardGroup(14 * D, 21 * D),
                new ShardGroup(30 * D + H, 30 * D + 2 * H));
        List<TimeWindow> w = p.all(6 * D + H, 40 * D, Optional.of(groups));
        assertThat(w).containsExactly(
                new TimeWindow(6 * D + H, 7 * D),
                new TimeWindow(14 * D, 15 * D), new TimeWindow(15 * D, 16 * D), new TimeWindow(16 * D, 17 * D),
                new TimeWindow(17 * D, 18 * D), new TimeWindow(18 * D, 19 * D), new TimeWindow(19 * D, 20 * D),
                new TimeWindow(20 * D, 21 * D),
                new TimeWindow(30 * D + H, 30 * D + 2 * H));
    }

    @Test
    void nothingLeftWhenNoShardGroupCoversTheRest() {
        WindowPlanner p = new WindowPlanner(D);
        assertThat(p.next(8 * D, 40 * D, Optional.of(List.of(new ShardGroup(0, 7 * D))))).isEmpty();
        assertThat(p.next(5, 5, Optional.empty())).isEmpty();
        assertThat(p.next(0, 40 * D, Optional.of(List.of()))).isEmpty();
    }

    @Test
    void overlappingShardGroupsCutAtEveryBoundary() {
        WindowPlanner p = new WindowPlanner(7 * D);
        List<ShardGroup> groups = List.of(new ShardGroup(0, 7 * D), new ShardGroup(D, 2 * D));
        assertThat(p.all(0, 7 * D, Optional.of(groups))).containsExactly(new TimeWindow(0, D),
                new TimeWindow(D, 2 * D), new TimeWindow(2 * D, 7 * D));
    }

    @Test
    void extremesOfTheInt64RangeDoNotOverflow() {
        WindowPlanner p = new WindowPlanner(7 * D);
        long min = Long.MIN_VALUE + 2;
        TimeWindow first = p.next(min, Long.MAX_VALUE, Optional.empty()).orElseThrow();
        assertThat(first.startNs()).isEqualTo(min);
        assertThat(first.endNs()).isGreaterThan(min);
        TimeWindow last = p.next(Long.MAX_VALUE - 10, Long.MAX_VALUE, Optional.empty()).orElseThrow();
        assertThat(last.endNs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void liveRangesAreCutAtShardGroupBoundariesAndNeverSkipped() {
        java.util.Optional<List<ShardGroup>> groups = java.util.Optional.of(List.of(new ShardGroup(0, 100),
                new ShardGroup(300, 400)));
        assertThat(WindowPlanner.cutAtShardGroups(50, 350, groups)).containsExactly(new TimeWindow(50, 100),
                new TimeWindow(100, 300), new TimeWindow(300, 350));
        assertThat(WindowPlanner.cutAtShardGroups(120, 200, groups)).containsExactly(new TimeWindow(120, 200));
        assertThat(WindowPlanner.cutAtShardGroups(120, 200, java.util.Optional.empty()))
                .containsExactly(new TimeWindow(120, 200));
    }
}
