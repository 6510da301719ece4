package io.influxtimescale.source.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.source.offsets.CellTallies;
import io.influxtimescale.source.plan.CellGrid;

class ReadTallyTest {
    private static final CellGrid GRID = new CellGrid(100);
    private static final SeriesKey KEY = new SeriesKey("db", "rp", "m", Map.of());

    /** times 90, 95, 100, 150, 210; field a dense, field b at 95 and 150 only. */
    private static SeriesWindow window() {
        return new SeriesWindow(KEY, 0, 300, new long[] {90, 95, 100, 150, 210}, List.of(
                FieldColumn.ofFloats("a", null, new double[] {1, 2, 3, 4, 5}),
                FieldColumn.ofIntegers("b", new int[] {1, 3}, new long[] {7, 8})));
    }

    @Test
    void countsFieldValuesPerCellDenseAndSparse() {
        ReadTally t = new ReadTally(GRID, ReconcileScope.ALL, null);
        t.add(window());
        assertThat(t.countsByCell()).containsExactlyInAnyOrderEntriesOf(Map.of(0L, 3L, 1L, 3L, 2L, 1L));
        assertThat(t.total()).isEqualTo(7);
    }

    @Test
    void countsOnlyFromThePartialMarkInThePartialCellAndInsideTheScope() {
        CellTallies before = CellTallies.empty(100).applyRead(100, 151, Map.of(1L, 2L));
        ReadTally t = new ReadTally(GRID, new ReconcileScope(95, 1_000), before);
        t.add(window());
        // cell 0: only 95 (a and b) inside the scope; cell 1: only 151 and after -> nothing; cell 2: 210
        assertThat(t.countsByCell()).containsExactlyInAnyOrderEntriesOf(Map.of(0L, 2L, 2L, 1L));
    }

    @Test
    void countBetweenHandlesEmptyRanges() {
        assertThat(ReadTally.countBetween(window(), 96, 100)).isZero();
        assertThat(ReadTally.countBetween(window(), 0, 1_000)).isEqualTo(7);
        assertThat(ReadTally.countBetween(window(), 95, 96)).isEqualTo(2);
    }
}
