package io.influxtimescale.source.reconcile;

import java.util.HashMap;
import java.util.Map;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.source.offsets.CellTallies;
import io.influxtimescale.source.plan.CellGrid;

/**
 * Counts the field values one read emits, per cell of the grid, for {@link CellTallies#applyRead}: only values inside
 * the container's reconciliation scope (what InfluxDB's count is compared over), and in the cell observed in part,
 * only values at or after its partial mark (the part before it is counted already).
 */
public final class ReadTally {
    private final CellGrid grid;
    private final long scopeStartNs;
    private final long scopeEndNs;
    private final long partialCell;
    private final long partialFromNs;
    private final Map<Long, Long> counts = new HashMap<>();

    /** @param before the container's tallies when the read starts (null: none yet) */
    public ReadTally(CellGrid grid, ReconcileScope scope, CellTallies before) {
        this.grid = grid;
        this.scopeStartNs = scope.startNs();
        this.scopeEndNs = scope.endNs();
        boolean partial = before != null && before.hasPartial() && before.grid().equals(grid);
        this.partialCell = partial ? before.partialCell() : Long.MIN_VALUE;
        this.partialFromNs = partial ? before.partialUntilNs() : Long.MIN_VALUE;
    }

    /** Counts one emitted record. */
    public void add(SeriesWindow w) {
        int n = w.size();
        if (n == 0) {
            return;
        }
        long firstCell = grid.cellOf(w.timeAt(0));
        long lastCell = grid.cellOf(w.timeAt(n - 1));
        for (long cell = firstCell; ; cell++) {
            long lo = Math.max(grid.start(cell), scopeStartNs);
            if (cell == partialCell) {
                lo = Math.max(lo, partialFromNs);
            }
            long hi = Math.min(grid.end(cell), scopeEndNs);
            if (hi > lo) {
                long c = countBetween(w, lo, hi);
                if (c > 0) {
                    counts.merge(cell, c, Long::sum);
                }
            }
            if (cell == lastCell) {
                break;
            }
        }
    }

    /** Field values per cell counted so far. */
    public Map<Long, Long> countsByCell() {
        return counts;
    }

    public long total() {
        long t = 0;
        for (long c : counts.values()) {
            t += c;
        }
        return t;
    }

    /** Field values of a record at times in {@code [lo, hi)}. */
    static long countBetween(SeriesWindow w, long lo, long hi) {
        int from = firstAtOrAfter(w, lo);
        int to = firstAtOrAfter(w, hi);
        if (to <= from) {
            return 0;
        }
        long count = 0;
        for (FieldColumn f : w.fields()) {
            if (f.isDense()) {
                count += to - from;
            } else {
                count += firstPositionAtOrAfter(f, to) - firstPositionAtOrAfter(f, from);
            }
        }
        return count;
    }

    private static int firstAtOrAfter(SeriesWindow w, long t) {
        int lo = 0;
        int hi = w.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (w.timeAt(mid) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int firstPositionAtOrAfter(FieldColumn f, int index) {
        int lo = 0;
        int hi = f.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (f.timeIndex(mid) < index) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
