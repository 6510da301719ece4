package io.influxtimescale.source.plan;

/**
 * The epoch-aligned grid of {@code window.duration} cells that windows are cut from and that reconciliation counts by:
 * cell {@code k} is {@code [k * width, (k + 1) * width)}, clamped to the int64 range at both ends (a cell index times
 * the width can leave it near 1677 and 2262).
 */
public record CellGrid(long widthNs) {
    public CellGrid {
        if (widthNs <= 0) {
            throw new IllegalArgumentException("cell width must be positive");
        }
    }

    public long cellOf(long t) {
        return Math.floorDiv(t, widthNs);
    }

    public long start(long cell) {
        long hi = Math.multiplyHigh(cell, widthNs);
        long lo = cell * widthNs;
        // Fits in a long exactly when the high word is the sign extension of the low word.
        if (hi != (lo >> 63)) {
            return cell < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return lo;
    }

    /** Exclusive end of a cell; {@code Long.MAX_VALUE} for the last cell. */
    public long end(long cell) {
        return cell == Long.MAX_VALUE ? Long.MAX_VALUE : start(cell + 1);
    }
}
