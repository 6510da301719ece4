package io.influxtimescale.source.offsets;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import io.influxtimescale.source.plan.CellGrid;

/**
 * What the source has emitted of a container, counted in field values per cell of the {@link CellGrid} (cells of
 * {@code window.duration}): the digest that reconciliation compares with InfluxDB's own {@code count(*)} per cell.
 *
 * <p>A cell's tally is the number of field values one <em>complete observation</em> of the cell emitted: one read of
 * the whole cell (a backfill window, a reconciliation re-read), or a gap-free sequence of reads across it (the
 * backfill's last window, then the live phase's trailing reads). The sequence in progress is the <em>partial</em>
 * tally: the cell holding {@code partialUntilNs} has been observed from its start up to there, {@code partialCount}
 * field values. Reads that overlap it (the trailing read starts one lateness before the backfill end) count only the
 * points at or after {@code partialUntilNs}, so no point is counted twice.
 *
 * <p>Why counting what was read is safe: a point missed by every read (written behind the reads, later than the
 * lateness) is in InfluxDB's count but not in the tally, so the cell differs and is read again. A tally can only be
 * too low (a cell observed in pieces with a hole, which a re-read then repairs), never too high, except by points
 * InfluxDB has since lost (a delete), which reconciliation reports as extra.
 *
 * <p>Immutable; each change copies the arrays (a change happens once per completed cell). Offset format: see
 * {@link #encode()}.
 */
public final class CellTallies {
    private static final long[] NONE = new long[0];
    private static final long NO_PARTIAL = Long.MIN_VALUE;

    private final CellGrid grid;
    private final long[] cells;
    private final long[] counts;
    private final long partialUntilNs;
    private final long partialCount;
    private String encoded;

    private CellTallies(CellGrid grid, long[] cells, long[] counts, long partialUntilNs, long partialCount) {
        this.grid = grid;
        this.cells = cells;
        this.counts = counts;
        this.partialUntilNs = partialUntilNs;
        this.partialCount = partialCount;
    }

    public static CellTallies empty(long cellNs) {
        return new CellTallies(new CellGrid(cellNs), NONE, NONE, NO_PARTIAL, 0);
    }

    public CellGrid grid() {
        return grid;
    }

    public long cellNs() {
        return grid.widthNs();
    }

    /** Number of cells with a complete tally. */
    public int size() {
        return cells.length;
    }

    /** The tally of a cell; 0 when the cell was never observed completely (nothing emitted, as far as we know). */
    public long count(long cell) {
        int i = Arrays.binarySearch(cells, cell);
        return i >= 0 ? counts[i] : 0;
    }

    public boolean hasPartial() {
        return partialUntilNs != NO_PARTIAL;
    }

    /** The cell observed in part; only with {@link #hasPartial()}. */
    public long partialCell() {
        return grid.cellOf(partialUntilNs);
    }

    public long partialUntilNs() {
        return partialUntilNs;
    }

    public long partialCount() {
        return partialCount;
    }

    /** The cell whose points a read must count only from {@code partialUntilNs} on; none (MIN) without a partial. */
    public long countFromIn(long cell) {
        return hasPartial() && partialCell() == cell ? partialUntilNs : Long.MIN_VALUE;
    }

    /** This tally with a cell's complete count set (an observation of the whole cell). */
    public CellTallies withCount(long cell, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("a tally cannot be negative: " + count + " in cell " + cell);
        }
        int i = Arrays.binarySearch(cells, cell);
        long[] c;
        long[] n;
        if (i >= 0) {
            if (counts[i] == count) {
                return this;
            }
            c = cells;
            n = counts.clone();
            n[i] = count;
        } else {
            int at = -i - 1;
            c = new long[cells.length + 1];
            n = new long[cells.length + 1];
            System.arraycopy(cells, 0, c, 0, at);
            System.arraycopy(counts, 0, n, 0, at);
            c[at] = cell;
            n[at] = count;
            System.arraycopy(cells, at, c, at + 1, cells.length - at);
            System.arraycopy(counts, at, n, at + 1, cells.length - at);
        }
        return new CellTallies(grid, c, n, partialUntilNs, partialCount);
    }

    /**
     * Applies one read of {@code [startNs, endNs)} that counted, per cell, the field values it emitted (in the cell
     * returned by {@link #countFromIn}, only those at or after the partial mark). Cells the read covers whole get
     * their count; a read ending inside a cell continues or starts the partial tally; a cell the partial tally covers
     * up to its end becomes complete.
     */
    public CellTallies applyRead(long startNs, long endNs, Map<Long, Long> countsByCell) {
        if (endNs <= startNs) {
            return this;
        }
        CellTallies t = this;
        long last = grid.cellOf(endNs - 1);
        for (long cell = grid.cellOf(startNs); ; cell++) {
            long lo = Math.max(startNs, grid.start(cell));
            long hi = Math.min(endNs, grid.end(cell));
            long n = countsByCell.getOrDefault(cell, 0L);
            long until;
            long count;
            if (t.hasPartial() && t.partialCell() == cell) {
                until = Math.max(t.partialUntilNs, hi);
                count = t.partialCount + n;
            } else {
                // A fresh observation of this cell (a read starting inside a cell without one covers it from there:
                // too low a tally at worst, which makes reconciliation read the cell again).
                until = hi;
                count = n;
                if (lo == grid.start(cell) && hi == grid.end(cell)) {
                    t = t.withCount(cell, count).withoutPartial();
                    if (cell == last) {
                        break;
                    }
                    continue;
                }
            }
            if (until >= grid.end(cell)) {
                t = t.withCount(cell, count).withoutPartial();
            } else {
                t = new CellTallies(grid, t.cells, t.counts, until, count);
            }
            if (cell == last) {
                break;
            }
        }
        return t;
    }

    /**
     * A re-read of the first part of the partial cell, {@code [cell start, until)}, found {@code observed} field values
     * where {@code previously} had been counted: the partial tally (or the cell's tally, if the partial tally has
     * completed the cell since) takes the new count for that part.
     */
    public CellTallies withPartReread(long cell, long previously, long observed) {
        long delta = observed - previously;
        if (hasPartial() && partialCell() == cell) {
            return new CellTallies(grid, cells, counts, partialUntilNs, Math.max(0, partialCount + delta));
        }
        return withCount(cell, Math.max(0, count(cell) + delta));
    }

    /**
     * Forgets what was emitted from {@code cell} on (a re-read of that range was asked for): those cells count as
     * never observed, so reconciliation reads every one that holds data.
     */
    public CellTallies forgetFrom(long cell) {
        int at = Arrays.binarySearch(cells, cell);
        int keep = at >= 0 ? at : -at - 1;
        boolean keepPartial = hasPartial() && partialCell() < cell;
        if (keep == cells.length && (keepPartial || !hasPartial())) {
            return this;
        }
        return new CellTallies(grid, Arrays.copyOf(cells, keep), Arrays.copyOf(counts, keep),
                keepPartial ? partialUntilNs : NO_PARTIAL, keepPartial ? partialCount : 0);
    }

    /**
     * These tallies with another reader's (a slice of the same container, read by another task) laid over them: the
     * other's cells win, and of the two partial tallies the later one is kept (the last slice's, which the live phase
     * continues).
     */
    public CellTallies merged(CellTallies other) {
        if (!other.grid.equals(grid)) {
            throw new IllegalArgumentException("tallies of different grids cannot be merged: " + grid + ", "
                    + other.grid);
        }
        CellTallies t = this;
        for (int i = 0; i < other.cells.length; i++) {
            t = t.withCount(other.cells[i], other.counts[i]);
        }
        if (other.hasPartial() && (!t.hasPartial() || other.partialUntilNs > t.partialUntilNs)) {
            t = new CellTallies(grid, t.cells, t.counts, other.partialUntilNs, other.partialCount);
        }
        return t;
    }

    /** The partial tally made the cell's tally (no reader continues it: the container is no longer followed). */
    public CellTallies closePartial() {
        if (!hasPartial()) {
            return this;
        }
        return withCount(partialCell(), partialCount).withoutPartial();
    }

    private CellTallies withoutPartial() {
        return hasPartial() ? new CellTallies(grid, cells, counts, NO_PARTIAL, 0) : this;
    }

    /**
     * The complete tallies as text for the offset: {@code <cell delta>:<count>} entries separated by commas, the
     * first delta from cell 0 (cell = floor(time / cell width); negative before 1970), e.g. {@code 19700:4,1:4,2:8}.
     * About eight characters per cell: ten years of daily cells are some 30 KB per container.
     */
    public String encode() {
        String e = encoded;
        if (e == null) {
            StringBuilder b = new StringBuilder(cells.length * 8);
            long previous = 0;
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(cells[i] - previous).append(':').append(counts[i]);
                previous = cells[i];
            }
            e = b.toString();
            encoded = e;
        }
        return e;
    }

    /** Reads {@link #encode()}'s text back; throws {@link InvalidOffsetException} naming the fault. */
    public static CellTallies decode(long cellNs, String text, long partialUntilNs, long partialCount) {
        if (cellNs <= 0) {
            throw new InvalidOffsetException("offset field 'tally_cell_ns' must be positive, got " + cellNs);
        }
        if (partialUntilNs != NO_PARTIAL && partialCount < 0) {
            throw new InvalidOffsetException("offset field 'tally_partial' must not be negative, got " + partialCount);
        }
        if (text.isEmpty()) {
            return new CellTallies(new CellGrid(cellNs), NONE, NONE, partialUntilNs,
                    partialUntilNs == NO_PARTIAL ? 0 : partialCount);
        }
        String[] entries = text.split(",", -1);
        long[] c = new long[entries.length];
        long[] n = new long[entries.length];
        long previous = 0;
        for (int i = 0; i < entries.length; i++) {
            int colon = entries[i].indexOf(':');
            try {
                if (colon < 0) {
                    throw new NumberFormatException("no ':'");
                }
                long delta = Long.parseLong(entries[i].substring(0, colon));
                c[i] = Math.addExact(previous, delta);
                n[i] = Long.parseLong(entries[i].substring(colon + 1));
            } catch (NumberFormatException | ArithmeticException e) {
                throw new InvalidOffsetException("offset field 'tallies' has a malformed entry '" + entries[i]
                        + "' at position " + i + " (expected <cell delta>:<count>)");
            }
            if ((i > 0 && c[i] <= c[i - 1]) || n[i] < 0) {
                throw new InvalidOffsetException("offset field 'tallies' entry " + i + " ('" + entries[i]
                        + "') is out of order or negative");
            }
            previous = c[i];
        }
        return new CellTallies(new CellGrid(cellNs), c, n, partialUntilNs, partialUntilNs == NO_PARTIAL ? 0
                : partialCount);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CellTallies)) {
            return false;
        }
        CellTallies t = (CellTallies) o;
        return grid.equals(t.grid) && partialUntilNs == t.partialUntilNs && partialCount == t.partialCount
                && Arrays.equals(cells, t.cells) && Arrays.equals(counts, t.counts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(grid, partialUntilNs, partialCount, Arrays.hashCode(cells), Arrays.hashCode(counts));
    }

    @Override
    public String toString() {
        return cells.length + " cells tallied" + (hasPartial() ? ", partial " + partialCount + " until "
                + partialUntilNs : "");
    }
}
