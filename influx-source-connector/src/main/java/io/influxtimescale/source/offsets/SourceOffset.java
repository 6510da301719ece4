package io.influxtimescale.source.offsets;

import java.util.LinkedHashMap;
import java.util.Map;

import io.influxtimescale.source.plan.TimeFormat;

/**
 * The offset of one container: its fixed backfill range {@code [fromNs, untilNs)} and {@code completedUntilNs}, the
 * time before which every window has been fully emitted. A restart resumes at {@code completedUntilNs}; nothing before
 * it is read again. The phase field exists so that a later live phase (issue 6) can extend the format: this version
 * writes and accepts {@code backfill}.
 *
 * <pre>{"v": 1, "phase": "backfill", "from_ns": ..., "until_ns": ..., "completed_until_ns": ...}</pre>
 */
public final class SourceOffset {
    public static final int VERSION = 1;
    public static final String V = "v";
    public static final String PHASE = "phase";
    public static final String FROM_NS = "from_ns";
    public static final String UNTIL_NS = "until_ns";
    public static final String COMPLETED_UNTIL_NS = "completed_until_ns";

    /** Where a container is in its life; only the backfill exists so far. */
    public enum Phase {
        BACKFILL("backfill");

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
            throw new InvalidOffsetException("offset field '" + PHASE + "' is '" + s + "'; expected 'backfill'");
        }
    }

    private final Phase phase;
    private final long fromNs;
    private final long untilNs;
    private final long completedUntilNs;

    public SourceOffset(Phase phase, long fromNs, long untilNs, long completedUntilNs) {
        this.phase = phase;
        this.fromNs = fromNs;
        this.untilNs = untilNs;
        this.completedUntilNs = completedUntilNs;
        if (untilNs < fromNs) {
            throw new InvalidOffsetException("offset " + FROM_NS + " " + fromNs + " lies after " + UNTIL_NS + " "
                    + untilNs);
        }
        if (completedUntilNs < fromNs || completedUntilNs > untilNs) {
            throw new InvalidOffsetException("offset " + COMPLETED_UNTIL_NS + " " + completedUntilNs
                    + " lies outside [" + FROM_NS + ", " + UNTIL_NS + "] = [" + fromNs + ", " + untilNs + "]");
        }
    }

    public static SourceOffset backfill(long fromNs, long untilNs, long completedUntilNs) {
        return new SourceOffset(Phase.BACKFILL, fromNs, untilNs, completedUntilNs);
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

    public boolean backfillDone() {
        return completedUntilNs >= untilNs;
    }

    public SourceOffset withCompletedUntil(long ns) {
        return new SourceOffset(phase, fromNs, untilNs, ns);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(V, VERSION);
        m.put(PHASE, phase.wire());
        m.put(FROM_NS, fromNs);
        m.put(UNTIL_NS, untilNs);
        m.put(COMPLETED_UNTIL_NS, completedUntilNs);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SourceOffset)) {
            return false;
        }
        SourceOffset s = (SourceOffset) o;
        return phase == s.phase && fromNs == s.fromNs && untilNs == s.untilNs
                && completedUntilNs == s.completedUntilNs;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(phase, fromNs, untilNs, completedUntilNs);
    }

    @Override
    public String toString() {
        return phase.wire() + " [" + TimeFormat.format(fromNs) + ", " + TimeFormat.format(untilNs) + ") completed until "
                + TimeFormat.format(completedUntilNs);
    }
}
