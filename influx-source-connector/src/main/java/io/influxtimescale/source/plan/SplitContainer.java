package io.influxtimescale.source.plan;

import java.util.ArrayList;
import java.util.List;

import io.influxtimescale.source.discovery.Container;

/**
 * A container whose backfill range {@code [fromNs, untilNs)} is read in slices by several tasks: slice {@code k} is
 * the cell {@code [k * sliceNs, (k + 1) * sliceNs)} of a grid aligned to the epoch, clipped to the range. The grid, not
 * the data, fixes the slices, so every task computes the same ones, a slice keeps its identity (and its offset) across
 * restarts and changes of {@code tasks.max}, and slice {@code k} goes to task {@code k mod tasks}, spreading one
 * container's consecutive slices over all tasks. {@code sliceNs} is a multiple of the window, so slices are whole
 * cells of the tallies' grid.
 */
public record SplitContainer(Container container, long fromNs, long untilNs, long sliceNs) {
    public SplitContainer {
        if (sliceNs <= 0 || untilNs < fromNs) {
            throw new IllegalArgumentException("a split needs a positive slice width and a range, got " + sliceNs
                    + " and [" + fromNs + ", " + untilNs + ")");
        }
    }

    /** The slices' ranges in time order (their starts clipped to the range). */
    public List<TimeWindow> slices() {
        List<TimeWindow> out = new ArrayList<>();
        if (untilNs <= fromNs) {
            return out;
        }
        CellGrid grid = new CellGrid(sliceNs);
        long last = grid.cellOf(untilNs - 1);
        for (long k = grid.cellOf(fromNs); ; k++) {
            out.add(new TimeWindow(Math.max(fromNs, grid.start(k)), Math.min(untilNs, grid.end(k))));
            if (k == last) {
                return out;
            }
        }
    }

    /** The grid start of the slice holding {@code t}: the slice's identity (its partition key). */
    public long sliceStartOf(long t) {
        CellGrid grid = new CellGrid(sliceNs);
        return grid.start(grid.cellOf(t));
    }

    /** The task (of {@code tasks}) that reads the slice holding {@code t}. */
    public int taskOf(long t, int tasks) {
        return (int) Math.floorMod(new CellGrid(sliceNs).cellOf(t), (long) tasks);
    }
}
