package io.influxtimescale.source.offsets;

import java.util.Map;
import java.util.Set;

/**
 * Turns stored (or user-PATCHed) offset maps into {@link SourceOffset}, validating every field: unknown keys, a
 * missing field, a wrong type or an impossible range fail with a message naming the field, rather than a task
 * silently resuming from a wrong place.
 */
public final class OffsetLoader {
    private static final Set<String> BACKFILL_KEYS = Set.of(SourceOffset.V, SourceOffset.PHASE,
            SourceOffset.FROM_NS, SourceOffset.UNTIL_NS, SourceOffset.COMPLETED_UNTIL_NS);
    private static final Set<String> LIVE_KEYS = Set.of(SourceOffset.V, SourceOffset.PHASE, SourceOffset.FROM_NS,
            SourceOffset.UNTIL_NS, SourceOffset.COMPLETED_UNTIL_NS, SourceOffset.WATERMARK_NS,
            SourceOffset.SWEPT_UNTIL_NS);

    private OffsetLoader() {
    }

    public static SourceOffset load(Map<String, ?> offset) {
        if (offset == null) {
            throw new InvalidOffsetException("offset is missing");
        }
        long version = integral(offset, SourceOffset.V);
        if (version != SourceOffset.VERSION) {
            throw new InvalidOffsetException("offset version " + version + " is not supported (this connector "
                    + "writes version " + SourceOffset.VERSION + ")");
        }
        Object phase = offset.get(SourceOffset.PHASE);
        if (!(phase instanceof String)) {
            throw new InvalidOffsetException("offset field '" + SourceOffset.PHASE + "' must be a string, got "
                    + phase);
        }
        SourceOffset.Phase p = SourceOffset.Phase.fromWire((String) phase);
        Set<String> keys = p == SourceOffset.Phase.LIVE ? LIVE_KEYS : BACKFILL_KEYS;
        for (String key : offset.keySet()) {
            if (!keys.contains(key)) {
                throw new InvalidOffsetException("unknown offset field '" + key + "' in a " + p.wire()
                        + " offset; expected " + new java.util.TreeSet<>(keys));
            }
        }
        long from = integral(offset, SourceOffset.FROM_NS);
        long until = integral(offset, SourceOffset.UNTIL_NS);
        long completed = integral(offset, SourceOffset.COMPLETED_UNTIL_NS);
        if (p == SourceOffset.Phase.LIVE) {
            SourceOffset backfill = SourceOffset.backfill(from, until, completed); // checks the range first
            if (!backfill.backfillDone()) {
                throw new InvalidOffsetException("a live offset needs a complete backfill: "
                        + SourceOffset.COMPLETED_UNTIL_NS + " " + completed + " must equal " + SourceOffset.UNTIL_NS
                        + " " + until);
            }
            return SourceOffset.live(from, until, integral(offset, SourceOffset.WATERMARK_NS),
                    integral(offset, SourceOffset.SWEPT_UNTIL_NS));
        }
        return SourceOffset.backfill(from, until, completed);
    }

    private static long integral(Map<String, ?> offset, String key) {
        Object v = offset.get(key);
        // The JSON offset store gives back Long (or Integer for small numbers written by hand); nothing else fits.
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw new InvalidOffsetException("offset field '" + key + "' must be an integer, got "
                + (v == null ? "nothing" : v + " (" + v.getClass().getSimpleName() + ")"));
    }
}
