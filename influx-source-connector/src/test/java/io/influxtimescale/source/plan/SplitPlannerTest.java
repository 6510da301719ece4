package io.influxtimescale.source.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.discovery.SplitListCodec;
import io.influxtimescale.source.offsets.SourceOffset;

class SplitPlannerTest {
    private static final Container C = new Container("d b", "r/p", "m,1");

    @Test
    void slicesAreAGridAlignedToTheEpochClippedToTheRangeAndDealtRoundRobin() {
        SplitContainer s = new SplitContainer(C, 150, 520, 100);
        assertThat(s.slices()).containsExactly(new TimeWindow(150, 200), new TimeWindow(200, 300),
                new TimeWindow(300, 400), new TimeWindow(400, 500), new TimeWindow(500, 520));
        assertThat(s.sliceStartOf(150)).isEqualTo(100);
        assertThat(s.slices()).extracting(w -> s.taskOf(w.startNs(), 3)).containsExactly(1, 2, 0, 1, 2);
        // before 1970 too
        SplitContainer old = new SplitContainer(C, -250, -50, 100);
        assertThat(old.slices()).containsExactly(new TimeWindow(-250, -200), new TimeWindow(-200, -100),
                new TimeWindow(-100, -50));
        assertThat(old.taskOf(-250, 2)).isEqualTo(1);
    }

    @Test
    void splitsOnlyWithSeveralTasksAndMoreThanOneSliceLeft() {
        AtomicInteger asked = new AtomicInteger();
        SplitPlanner planner = new SplitPlanner(100, 3);
        assertThat(planner.decide(C, null, 520, () -> {
            asked.incrementAndGet();
            return OptionalLong.of(150);
        }, Optional.empty())).contains(new SplitContainer(C, 150, 520, 100));
        // a long span whose data sits in one shard group is not worth splitting
        assertThat(planner.decide(C, null, 520, () -> OptionalLong.of(150),
                Optional.of(List.of(new ShardGroup(150, 180))))).isEmpty();
        assertThat(planner.decide(C, null, 520, () -> OptionalLong.of(150),
                Optional.of(List.of(new ShardGroup(150, 180), new ShardGroup(480, 500))))).isPresent();
        // a stored backfill splits what is left; a live or complete one is done; one slice left: not worth it
        assertThat(planner.decide(C, SourceOffset.backfill(0, 520, 210), 999, () -> OptionalLong.empty(), Optional.empty()))
                .contains(new SplitContainer(C, 210, 520, 100));
        assertThat(planner.decide(C, SourceOffset.backfill(0, 520, 520).toLive(10), 999, OptionalLong::empty, Optional.empty()))
                .isEmpty();
        assertThat(planner.decide(C, SourceOffset.backfill(0, 520, 505), 999, OptionalLong::empty, Optional.empty())).isEmpty();
        assertThat(planner.decide(C, null, 520, OptionalLong::empty, Optional.empty())).isEmpty();
        assertThat(asked).hasValue(1);
        assertThat(new SplitPlanner(100, 1).splits()).isFalse();
        assertThat(new SplitPlanner(0, 4).splits()).isFalse();
    }

    @Test
    void theTaskConfigCarriesSplitsOfAnyName() {
        List<SplitContainer> splits = List.of(new SplitContainer(C, -5, 10, 3),
                new SplitContainer(new Container("a", "b", "c/d%e"), 0, 1, 1));
        assertThat(SplitListCodec.decode(SplitListCodec.encode(splits))).isEqualTo(splits);
        assertThat(SplitListCodec.decode("")).isEmpty();
    }
}
