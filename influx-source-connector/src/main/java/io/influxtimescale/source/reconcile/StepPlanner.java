package io.influxtimescale.source.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.influxtimescale.source.plan.CellGrid;
import io.influxtimescale.source.plan.ShardGroup;
import io.influxtimescale.source.plan.TimeWindow;

/**
 * Where a container's reconciliation cycle goes next from its cursor. A cycle walks the container's whole time range,
 * oldest to newest, future included, and compares what InfluxDB holds with the tallies of what was emitted:
 *
 * <ol>
 *   <li>whole cells behind the live phase's partial cell (or every cell, for a container that is not followed live),
 *       a step of at most {@code maxCells} cells at a time, only where a shard group exists;</li>
 *   <li>for a followed container, its partial cell up to the partial mark (the trailing read has passed it, so
 *       whatever InfluxDB holds there now should have been emitted);</li>
 *   <li>from the watermark to the end of its cell: points stamped ahead of the live phase;</li>
 *   <li>whole cells after that cell up to the last shard group (or the last point): future-dated points.</li>
 * </ol>
 *
 * The band from the partial mark to the watermark is skipped: the live phase reads it within the lateness.
 */
public final class StepPlanner {
    private final CellGrid grid;
    private final int maxCells;

    public StepPlanner(CellGrid grid, int maxCells) {
        this.grid = grid;
        this.maxCells = maxCells;
    }

    /**
     * The live marks of a followed container.
     *
     * @param bandStartNs   start of the cell the trailing read is in (cells before it have complete tallies)
     * @param partialUntilNs the partial mark, or {@code Long.MIN_VALUE} when no cell is observed in part
     * @param watermarkNs   the live watermark
     */
    public record LiveMarks(long bandStartNs, long partialUntilNs, long watermarkNs) {
        boolean hasPartial() {
            return partialUntilNs != Long.MIN_VALUE && partialUntilNs > bandStartNs;
        }
    }

    /**
     * @param cursorNs    where the cycle is
     * @param live        the live marks, or null for a container that is not followed
     * @param scope       the range that must be complete
     * @param shardGroups the retention policy's shard groups, or empty when the server cannot list them
     * @param lastNs      without shard groups: one past the container's last point (the end of the walk)
     * @return the next step, or empty when the cycle is complete
     */
    public Optional<ReconcileStep> next(long cursorNs, LiveMarks live, ReconcileScope scope,
                                        Optional<List<ShardGroup>> shardGroups, long lastNs) {
        long x = scope.clampStart(cursorNs);
        long end = scope.clampEnd(shardGroups.map(StepPlanner::endOf).orElse(lastNs));
        if (live != null) {
            long aheadEnd = grid.end(grid.cellOf(live.watermarkNs()));
            if (x < live.bandStartNs()) {
                Optional<ReconcileStep> cells = cells(x, live.bandStartNs(), scope, shardGroups);
                if (cells.isPresent()) {
                    return cells;
                }
                x = live.bandStartNs();
            }
            if (x == live.bandStartNs() && live.hasPartial()) {
                long from = scope.clampStart(live.bandStartNs());
                if (from < live.partialUntilNs()) {
                    return Optional.of(new ReconcileStep(ReconcileStep.Kind.PARTIAL, from, live.partialUntilNs(),
                            pieces(from, live.partialUntilNs(), shardGroups), live.partialUntilNs()));
                }
            }
            if (x < aheadEnd) {
                long from = scope.clampStart(Math.max(x, live.watermarkNs()));
                long to = scope.clampEnd(aheadEnd);
                if (from < to) {
                    return Optional.of(new ReconcileStep(ReconcileStep.Kind.AHEAD, from, to,
                            pieces(from, to, shardGroups), aheadEnd));
                }
                x = aheadEnd;
            }
        }
        if (x >= end) {
            return Optional.empty();
        }
        return cells(x, end, scope, shardGroups);
    }

    /** Whole cells from x (a cell boundary, or the scope start) up to at most {@code limit}; empty past the data. */
    private Optional<ReconcileStep> cells(long x, long limit, ReconcileScope scope,
                                          Optional<List<ShardGroup>> shardGroups) {
        long a = x;
        if (shardGroups.isPresent()) {
            // Time no shard group covers holds no data: jump to the cell of the next shard group.
            long next = Long.MAX_VALUE;
            for (ShardGroup g : shardGroups.get()) {
                if (g.endNs() > a && g.startNs() < next) {
                    next = g.startNs();
                }
            }
            if (next == Long.MAX_VALUE || next >= limit) {
                return Optional.empty();
            }
            if (next > a) {
                a = scope.clampStart(Math.max(a, grid.start(grid.cellOf(next))));
            }
        }
        long b = Math.min(limit, grid.end(saturatedAdd(grid.cellOf(a), maxCells - 1)));
        if (a >= b) {
            return Optional.empty();
        }
        return Optional.of(new ReconcileStep(ReconcileStep.Kind.CELLS, a, b, pieces(a, b, shardGroups), b));
    }

    /** The parts of [a, b) inside shard groups (all of it without shard group information). */
    static List<TimeWindow> pieces(long a, long b, Optional<List<ShardGroup>> shardGroups) {
        List<TimeWindow> out = new ArrayList<>();
        if (shardGroups.isEmpty()) {
            out.add(new TimeWindow(a, b));
            return out;
        }
        for (ShardGroup g : shardGroups.get()) {
            long lo = Math.max(a, g.startNs());
            long hi = Math.min(b, g.endNs());
            if (lo < hi) {
                out.add(new TimeWindow(lo, hi));
            }
        }
        out.sort((p, q) -> Long.compare(p.startNs(), q.startNs()));
        // Overlapping groups (after ALTER ... SHARD DURATION) must not be counted twice: keep them disjoint.
        List<TimeWindow> disjoint = new ArrayList<>();
        long at = Long.MIN_VALUE;
        for (TimeWindow w : out) {
            long lo = Math.max(w.startNs(), at);
            if (lo < w.endNs()) {
                disjoint.add(new TimeWindow(lo, w.endNs()));
                at = w.endNs();
            }
        }
        return disjoint;
    }

    private static long endOf(List<ShardGroup> groups) {
        long end = Long.MIN_VALUE;
        for (ShardGroup g : groups) {
            end = Math.max(end, g.endNs());
        }
        return end;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
