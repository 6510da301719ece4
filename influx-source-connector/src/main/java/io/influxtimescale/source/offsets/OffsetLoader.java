package io.influxtimescale.source.offsets;

import java.util.Map;
import java.util.Set;

/**
 * Turns stored (or user-PATCHed) offset maps into {@link SourceOffset}, validating every field: unknown keys, a
 * missing field, a wrong type or an impossible range fail with a message naming the field, rather than a task
 * silently resuming from a wrong place.
 */
public final class OffsetLoader {
    private static final Set<String> KEYS = Set.of(SourceOffset.V, SourceOffset.PHASE, SourceOffset.FROM_NS,
            SourceOffset.UNTIL_NS, SourceOffset.COMPLETED_UNTIL_NS);

    private OffsetLoader() {
    }

    public static SourceOffset load(Map<String, ?> offset) {
        if (offset == null) {
            throw new InvalidOffsetException("offset is missing");
        }
        for (String key : offset.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidOffsetException("unknown offset field '" + key + "'; expected " + KEYS);
            }
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
        return new SourceOffset(SourceOffset.Phase.fromWire((String) phase), integral(offset, SourceOffset.FROM_NS),
                integral(offset, SourceOffset.UNTIL_NS), integral(offset, SourceOffset.COMPLETED_UNTIL_NS));
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
