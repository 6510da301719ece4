package io.influxtimescale.source.offsets;

import java.util.LinkedHashMap;
import java.util.Map;

import io.influxtimescale.source.plan.InfluxTime;
import io.influxtimescale.source.plan.TimeFormat;

/**
 * The offset of one container. In the backfill phase: its fixed backfill range {@code [fromNs, untilNs)} and
 * {@code completedUntilNs}, the time before which every window has been fully emitted; a restart resumes there and
 * reads nothing before it again. In the live phase (the backfill is complete): {@code watermarkNs}, before which every
 * point that existed when it was read has been emitted, and {@code sweptUntilNs}, before which every point written at
 * most {@code live.lateness} late has been emitted (the trailing re-read continues from there).
 *
 * <pre>
 * {"v": 1, "phase": "backfill", "from_ns": ..., "until_ns": ..., "completed_until_ns": ...}
 * {"v": 1, "phase": "live", "from_ns": ..., "until_ns": ..., "completed_until_ns": (= until_ns),
 *  "watermark_ns": ..., "swept_until_ns": ...}
 * </pre>
 *
 * <p>Both phases may also carry what reconciliation needs (optional, so offsets written before it existed load):
 * the {@link CellTallies} ({@code tally_cell_ns}, {@code tallies}, and while a cell is observed in part
 * {@code tally_until_ns}, {@code tally_partial}) and the {@link ReconcileProgress} ({@code reconcile_cycle_started_ms},
 * {@code reconcile_cursor_ns}, {@code reconciled_at_ms}, {@code reconcile_pending}, {@code extra_values},
 * {@code extra_at_ns}). Every transition keeps them.
 */
public final class SourceOffset {
    public static final int VERSION = 1;
    public static final String V = "v";
    public static final String PHASE = "phase";
    public static final String FROM_NS = "from_ns";
    public static final String UNTIL_NS = "until_ns";
    public static final String COMPLETED_UNTIL_NS = "completed_until_ns";
    public static final String WATERMARK_NS = "watermark_ns";
    public static final String SWEPT_UNTIL_NS = "swept_until_ns";
    public static final String TALLY_CELL_NS = "tally_cell_ns";
    public static final String TALLIES = "tallies";
    public static final String TALLY_UNTIL_NS = "tally_until_ns";
    public static final String TALLY_PARTIAL = "tally_partial";
    public static final String RECONCILE_CYCLE_STARTED_MS = "reconcile_cycle_started_ms";
    public static final String RECONCILE_CURSOR_NS = "reconcile_cursor_ns";
    public static final String RECONCILED_AT_MS = "reconciled_at_ms";
    public static final String RECONCILE_PENDING = "reconcile_pending";
    public static final String EXTRA_VALUES = "extra_values";
    public static final String EXTRA_AT_NS = "extra_at_ns";
    public static final String SLICE_NS = "slice_ns";

    /** Where a container is in its life: reading its history, or following new writes. */
    public enum Phase {
        BACKFILL("backfill"),
        LIVE("live");

        private final String wire;

        Phase(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        static Phase fromWire(String s) {
            for (Phase p : values()) {
                if (p.wire.equals(s)) {
                    return p;
                }
            }
            throw new InvalidOffsetException("offset field '" + PHASE + "' is '" + s + "'; expected 'backfill' or 'live'");
        }
    }

    private final Phase phase;
    private final long fromNs;
    private final long untilNs;
    private final long completedUntilNs;
    private final long watermarkNs;
    private final long sweptUntilNs;
    /** Null until the first read counted something (and in offsets written before reconciliation existed). */
    private final CellTallies tallies;
    private final ReconcileProgress reconcile;
    /** Backfill only: the history is read in slices of this width by several tasks (0: by this offset's task). */
    private final long sliceNs;

    private SourceOffset(Phase phase, long fromNs, long untilNs, long completedUntilNs, long watermarkNs,
                         long sweptUntilNs) {
        this(phase, fromNs, untilNs, completedUntilNs, watermarkNs, sweptUntilNs, null, ReconcileProgress.NEVER, 0);
    }

    private SourceOffset(Phase phase, long fromNs, long untilNs, long completedUntilNs, long watermarkNs,
                         long sweptUntilNs, CellTallies tallies, ReconcileProgress reconcile, long sliceNs) {
        this.sliceNs = sliceNs;
        if (sliceNs < 0 || (sliceNs > 0 && phase != Phase.BACKFILL)) {
            throw new InvalidOffsetException("offset field '" + SLICE_NS + "' must be positive and only in a backfill "
                    + "offset, got " + sliceNs + " in a " + phase.wire() + " offset");
        }
        this.tallies = tallies;
        this.reconcile = java.util.Objects.requireNonNull(reconcile, "reconcile");
        this.phase = phase;
        this.fromNs = fromNs;
        this.untilNs = untilNs;
        this.completedUntilNs = completedUntilNs;
        this.watermarkNs = watermarkNs;
        this.sweptUntilNs = sweptUntilNs;
        if (untilNs < fromNs) {
            throw new InvalidOffsetException("offset " + FROM_NS + " " + fromNs + " lies after " + UNTIL_NS + " "
                    + untilNs);
        }
        if (completedUntilNs < fromNs || completedUntilNs > untilNs) {
            throw new InvalidOffsetException("offset " + COMPLETED_UNTIL_NS + " " + completedUntilNs
                    + " lies outside [" + FROM_NS + ", " + UNTIL_NS + "] = [" + fromNs + ", " + untilNs + "]");
        }
        if (phase == Phase.LIVE) {
            if (completedUntilNs != untilNs) {
                throw new InvalidOffsetException("a live offset needs a complete backfill: " + COMPLETED_UNTIL_NS
                        + " " + completedUntilNs + " must equal " + UNTIL_NS + " " + untilNs);
            }
            if (sweptUntilNs > watermarkNs) {
                throw new InvalidOffsetException("offset " + SWEPT_UNTIL_NS + " " + sweptUntilNs + " lies after "
                        + WATERMARK_NS + " " + watermarkNs);
            }
        }
    }

    public static SourceOffset backfill(long fromNs, long untilNs, long completedUntilNs) {
        return new SourceOffset(Phase.BACKFILL, fromNs, untilNs, completedUntilNs, 0, 0);
    }

    /** A live offset: the backfill range (complete), the watermark and the watermark of the last lateness sweep. */
    public static SourceOffset live(long fromNs, long untilNs, long watermarkNs, long sweptUntilNs) {
        return new SourceOffset(Phase.LIVE, fromNs, untilNs, untilNs, watermarkNs, sweptUntilNs);
    }

    /**
     * The live offset this (complete) backfill hands over with: following starts at the backfill end, and the trailing
     * re-reads one lateness before it, for points written late into the backfill's last stretch.
     */
    public SourceOffset toLive(long latenessNs) {
        if (phase == Phase.LIVE) {
            return this;
        }
        long swept = untilNs < InfluxTime.MIN_NS + latenessNs ? untilNs : untilNs - latenessNs;
        return new SourceOffset(Phase.LIVE, fromNs, untilNs, untilNs, untilNs, swept, tallies, reconcile, 0);
    }

    public Phase phase() {
        return phase;
    }

    public long fromNs() {
        return fromNs;
    }

    public long untilNs() {
        return untilNs;
    }

    public long completedUntilNs() {
        return completedUntilNs;
    }

    /** Live phase only. */
    public long watermarkNs() {
        return watermarkNs;
    }

    /** Live phase only. */
    public long sweptUntilNs() {
        return sweptUntilNs;
    }

    public boolean isLive() {
        return phase == Phase.LIVE;
    }

    /** The time before which everything has been emitted: completed_until in the backfill, the watermark live. */
    public long progressNs() {
        return phase == Phase.LIVE ? watermarkNs : completedUntilNs;
    }

    public boolean backfillDone() {
        return completedUntilNs >= untilNs;
    }

    public SourceOffset withCompletedUntil(long ns) {
        return new SourceOffset(phase, fromNs, untilNs, ns, watermarkNs, sweptUntilNs, tallies, reconcile, sliceNs);
    }

    /** What was emitted per cell; null before anything was counted. */
    public CellTallies tallies() {
        return tallies;
    }

    public ReconcileProgress reconcile() {
        return reconcile;
    }

    public SourceOffset withTallies(CellTallies t) {
        return t == tallies ? this : new SourceOffset(phase, fromNs, untilNs, completedUntilNs, watermarkNs,
                sweptUntilNs, t, reconcile, sliceNs);
    }

    public SourceOffset withReconcile(ReconcileProgress r) {
        return r.equals(reconcile) ? this : new SourceOffset(phase, fromNs, untilNs, completedUntilNs, watermarkNs,
                sweptUntilNs, tallies, r, sliceNs);
    }

    /** Backfill only: the width of the slices other tasks read this container's history in; 0 when not split. */
    public long sliceNs() {
        return sliceNs;
    }

    /** This backfill offset, read in slices of {@code ns} (0: not split). */
    public SourceOffset withSliceNs(long ns) {
        return ns == sliceNs ? this : new SourceOffset(phase, fromNs, untilNs, completedUntilNs, watermarkNs,
                sweptUntilNs, tallies, reconcile, ns);
    }

    /**
     * The offset that reads this container again from {@code ns} on (a re-backfill of a range): in the backfill, its
     * progress moves back (never before its start); a live container becomes a backfill from {@code ns} up to its
     * watermark, after which it goes live again where it was. What was emitted from {@code ns} on is forgotten (the
     * tallies of those cells), and a reconciliation cycle starts at once: it reads whatever of the range the backfill
     * does not, such as points stamped after the watermark, in the future.
     */
    public SourceOffset rereadFrom(long ns) {
        CellTallies t = tallies == null ? null : tallies.forgetFrom(tallies.grid().cellOf(ns));
        ReconcileProgress r = reconcile.restart();
        if (phase == Phase.BACKFILL) {
            // A re-read is one task's: a split backfill goes back to being read by its own task.
            return new SourceOffset(phase, fromNs, untilNs, Math.max(fromNs, Math.min(ns, completedUntilNs)),
                    watermarkNs, sweptUntilNs, t, r, 0);
        }
        long start = Math.min(ns, watermarkNs);
        return new SourceOffset(Phase.BACKFILL, Math.min(fromNs, start), watermarkNs, start, 0, 0, t, r, 0);
    }

    public SourceOffset withWatermark(long watermark, long sweptUntil) {
        return new SourceOffset(Phase.LIVE, fromNs, untilNs, untilNs, watermark, sweptUntil, tallies, reconcile, 0);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(V, VERSION);
        m.put(PHASE, phase.wire());
        m.put(FROM_NS, fromNs);
        m.put(UNTIL_NS, untilNs);
        m.put(COMPLETED_UNTIL_NS, completedUntilNs);
        if (phase == Phase.LIVE) {
            m.put(WATERMARK_NS, watermarkNs);
            m.put(SWEPT_UNTIL_NS, sweptUntilNs);
        }
        if (sliceNs > 0) {
            m.put(SLICE_NS, sliceNs);
        }
        if (tallies != null) {
            m.put(TALLY_CELL_NS, tallies.cellNs());
            m.put(TALLIES, tallies.encode());
            if (tallies.hasPartial()) {
                m.put(TALLY_UNTIL_NS, tallies.partialUntilNs());
                m.put(TALLY_PARTIAL, tallies.partialCount());
            }
        }
        if (!reconcile.equals(ReconcileProgress.NEVER)) {
            m.put(RECONCILE_CYCLE_STARTED_MS, reconcile.cycleStartedMs());
            m.put(RECONCILE_CURSOR_NS, reconcile.cursorNs());
            m.put(RECONCILED_AT_MS, reconcile.reconciledAtMs());
            m.put(RECONCILE_PENDING, reconcile.pending());
            m.put(EXTRA_VALUES, reconcile.extraValues());
            m.put(EXTRA_AT_NS, reconcile.extraAtNs());
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SourceOffset)) {
            return false;
        }
        SourceOffset s = (SourceOffset) o;
        return phase == s.phase && fromNs == s.fromNs && untilNs == s.untilNs
                && completedUntilNs == s.completedUntilNs && watermarkNs == s.watermarkNs
                && sweptUntilNs == s.sweptUntilNs && java.util.Objects.equals(tallies, s.tallies)
                && reconcile.equals(s.reconcile) && sliceNs == s.sliceNs;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(phase, fromNs, untilNs, completedUntilNs, watermarkNs, sweptUntilNs, tallies,
                reconcile, sliceNs);
    }

    @Override
    public String toString() {
        String backfill = "[" + TimeFormat.format(fromNs) + ", " + TimeFormat.format(untilNs) + ")";
        if (phase == Phase.LIVE) {
            return "live after backfill " + backfill + ", watermark " + TimeFormat.format(watermarkNs)
                    + ", swept until " + TimeFormat.format(sweptUntilNs);
        }
        return "backfill " + backfill + " completed until " + TimeFormat.format(completedUntilNs)
                + (sliceNs > 0 ? " (read in slices of " + sliceNs + " ns)" : "");
    }
}
