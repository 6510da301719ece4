package io.influxtimescale.source.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class CellTalliesTest {
    private static final long W = 100;

    @Test
    void aReadOfAWholeCellSetsItsTally() {
        CellTallies t = CellTallies.empty(W).applyRead(200, 300, Map.of(2L, 7L));
        assertThat(t.count(2)).isEqualTo(7);
        assertThat(t.hasPartial()).isFalse();
        // read again (a re-read): the new observation replaces the old one
        assertThat(t.applyRead(200, 300, Map.of(2L, 9L)).count(2)).isEqualTo(9);
    }

    @Test
    void readsInPiecesAddUpAndCompleteTheCellAtItsEnd() {
        CellTallies t = CellTallies.empty(W).applyRead(200, 250, Map.of(2L, 3L));
        assertThat(t.hasPartial()).isTrue();
        assertThat(t.partialCell()).isEqualTo(2);
        assertThat(t.partialUntilNs()).isEqualTo(250);
        assertThat(t.count(2)).isZero();
        // the trailing read starts before the mark (one lateness back): the counter counted only from 250 on
        t = t.applyRead(230, 320, Map.of(2L, 4L, 3L, 1L));
        assertThat(t.count(2)).isEqualTo(7);
        assertThat(t.partialCell()).isEqualTo(3);
        assertThat(t.partialUntilNs()).isEqualTo(320);
        assertThat(t.partialCount()).isEqualTo(1);
        assertThat(t.countFromIn(3)).isEqualTo(320);
        assertThat(t.countFromIn(2)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aReadStartingInsideACellWithoutPartialStartsAFreshPartial() {
        CellTallies t = CellTallies.empty(W).applyRead(150, 180, Map.of(1L, 2L));
        assertThat(t.partialCell()).isEqualTo(1);
        assertThat(t.partialCount()).isEqualTo(2);
        t = t.applyRead(180, 200, Map.of());
        assertThat(t.count(1)).isEqualTo(2);
        assertThat(t.hasPartial()).isFalse();
    }

    @Test
    void readsSpanningSeveralCellsSetEachAndNegativeCellsWork() {
        CellTallies t = CellTallies.empty(W).applyRead(-250, 50, Map.of(-3L, 1L, -2L, 2L, -1L, 3L, 0L, 4L));
        // observed from -250 on only: its tally holds what was seen (too low at worst, which a re-read repairs)
        assertThat(t.count(-3)).isEqualTo(1);
        assertThat(t.count(-2)).isEqualTo(2);
        assertThat(t.count(-1)).isEqualTo(3);
        assertThat(t.partialCell()).isZero();
        assertThat(t.partialCount()).isEqualTo(4);
        CellTallies back = CellTallies.decode(W, t.encode(), t.partialUntilNs(), t.partialCount());
        assertThat(back).isEqualTo(t);
        assertThat(t.encode()).isEqualTo("-3:1,1:2,1:3");
    }

    @Test
    void partRereadAdjustsThePartialOrTheCompletedCell() {
        CellTallies t = CellTallies.empty(W).applyRead(200, 260, Map.of(2L, 5L));
        assertThat(t.withPartReread(2, 5, 8).partialCount()).isEqualTo(8);
        // the partial completed the cell meanwhile: the cell's tally takes the difference
        CellTallies done = t.applyRead(260, 300, Map.of(2L, 1L));
        assertThat(done.withPartReread(2, 5, 8).count(2)).isEqualTo(9);
    }

    @Test
    void closingThePartialMakesItTheCellsTally() {
        CellTallies t = CellTallies.empty(W).applyRead(200, 260, Map.of(2L, 5L)).closePartial();
        assertThat(t.count(2)).isEqualTo(5);
        assertThat(t.hasPartial()).isFalse();
    }

    @Test
    void forgettingFromACellDropsItAndEverythingAfter() {
        CellTallies t = CellTallies.empty(W).applyRead(0, 300, Map.of(0L, 1L, 1L, 2L, 2L, 3L))
                .applyRead(300, 350, Map.of(3L, 4L));
        CellTallies f = t.forgetFrom(1);
        assertThat(f.count(0)).isEqualTo(1);
        assertThat(f.count(1)).isZero();
        assertThat(f.count(2)).isZero();
        assertThat(f.hasPartial()).isFalse();
        assertThat(t.forgetFrom(5)).isEqualTo(t);
        assertThat(t.forgetFrom(3).hasPartial()).isFalse();
        assertThat(t.forgetFrom(3).count(2)).isEqualTo(3);
        // a re-backfill of a live container from a time forgets from there and restarts reconciliation
        SourceOffset live = SourceOffset.backfill(0, 350, 350).withTallies(t)
                .withReconcile(ReconcileProgress.NEVER.startCycle(5, 0).completeCycle().withExtra(7, 100))
                .toLive(10).withWatermark(400, 360);
        SourceOffset again = live.rereadFrom(150);
        assertThat(again.tallies()).isEqualTo(t.forgetFrom(1));
        assertThat(again.reconcile().everReconciled()).isFalse();
        assertThat(again.reconcile().extraValues()).isEqualTo(7);
        assertThat(again.completedUntilNs()).isEqualTo(150);
        // past the watermark (the future): nothing for the backfill, reconciliation reads it
        SourceOffset future = live.rereadFrom(10_000);
        assertThat(future.completedUntilNs()).isEqualTo(future.untilNs());
        assertThat(future.tallies()).isEqualTo(t);
    }

    @Test
    void slicesTalliesMergeIntoTheContainersWithTheLastPartial() {
        CellTallies first = CellTallies.empty(W).applyRead(0, 200, Map.of(0L, 1L, 1L, 2L));
        CellTallies last = CellTallies.empty(W).applyRead(200, 300, Map.of(2L, 3L)).applyRead(300, 350, Map.of(3L, 4L));
        CellTallies merged = first.merged(last);
        assertThat(merged.count(0)).isEqualTo(1);
        assertThat(merged.count(2)).isEqualTo(3);
        assertThat(merged.partialUntilNs()).isEqualTo(350);
        assertThat(merged.partialCount()).isEqualTo(4);
        // a slice offset and a split container's offset load back
        SourceOffset home = SourceOffset.backfill(0, 350, 200).withSliceNs(100);
        assertThat(OffsetLoader.load(home.toMap())).isEqualTo(home);
        assertThat(home.toLive(10).sliceNs()).isZero();
    }

    @Test
    void decodeRejectsMalformedText() {
        assertThatThrownBy(() -> CellTallies.decode(W, "1:2,x", Long.MIN_VALUE, 0))
                .isInstanceOf(InvalidOffsetException.class).hasMessageContaining("'x'");
        assertThatThrownBy(() -> CellTallies.decode(W, "5:2,0:1", Long.MIN_VALUE, 0))
                .hasMessageContaining("out of order");
        assertThatThrownBy(() -> CellTallies.decode(W, "5:-2", Long.MIN_VALUE, 0)).hasMessageContaining("negative");
        assertThatThrownBy(() -> CellTallies.decode(0, "", Long.MIN_VALUE, 0)).hasMessageContaining("positive");
        assertThat(CellTallies.decode(W, "", Long.MIN_VALUE, 0).size()).isZero();
    }

    @Test
    void offsetsCarryTalliesAndReconcileProgressThroughEveryTransition() {
        CellTallies t = CellTallies.empty(W).applyRead(0, 100, Map.of(0L, 3L)).applyRead(100, 150, Map.of(1L, 1L));
        ReconcileProgress r = ReconcileProgress.NEVER.startCycle(1_000, -5).withExtra(2, 100);
        SourceOffset o = SourceOffset.backfill(0, 150, 150).withTallies(t).withReconcile(r);
        SourceOffset live = o.toLive(30).withWatermark(400, 350);
        assertThat(live.tallies()).isEqualTo(t);
        assertThat(live.reconcile()).isEqualTo(r);
        assertThat(OffsetLoader.load(live.toMap())).isEqualTo(live);
        assertThat(OffsetLoader.load(live.rereadFrom(10).toMap())).isEqualTo(live.rereadFrom(10));
        assertThat(live.rereadFrom(10).tallies()).isEqualTo(t.forgetFrom(0));
        assertThat(live.toMap()).containsEntry(SourceOffset.TALLIES, "0:3").containsEntry(SourceOffset.TALLY_UNTIL_NS,
                150L).containsEntry(SourceOffset.TALLY_PARTIAL, 1L).containsEntry(SourceOffset.EXTRA_VALUES, 2L);
        // an offset of an older version of the connector has none of it
        assertThat(OffsetLoader.load(SourceOffset.backfill(0, 10, 0).toMap()).tallies()).isNull();
    }
}
