package io.influxtimescale.source.offsets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.influxtimescale.source.discovery.Container;

/**
 * The Connect source partitions: a container's, {@code {database, retention_policy, measurement}}, which carries its
 * backfill, live and reconciliation state; and, when a big container's backfill is split across tasks, one per slice,
 * {@code {database, retention_policy, measurement, slice_start_ns}}, which carries that slice's backfill progress.
 */
public final class SourcePartitions {
    public static final String DATABASE = "database";
    public static final String RETENTION_POLICY = "retention_policy";
    public static final String MEASUREMENT = "measurement";
    public static final String SLICE_START_NS = "slice_start_ns";
    private static final Set<String> KEYS = Set.of(DATABASE, RETENTION_POLICY, MEASUREMENT);
    private static final Set<String> SLICE_KEYS = Set.of(DATABASE, RETENTION_POLICY, MEASUREMENT, SLICE_START_NS);

    /** A slice of a container's backfill: the slice grid cell starting at {@code startNs}. */
    public record Slice(Container container, long startNs) {
        @Override
        public String toString() {
            return container + " slice from " + io.influxtimescale.source.plan.TimeFormat.format(startNs);
        }
    }

    private SourcePartitions() {
    }

    public static Map<String, Object> of(Container c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(DATABASE, c.database());
        m.put(RETENTION_POLICY, c.retentionPolicy());
        m.put(MEASUREMENT, c.measurement());
        return m;
    }

    public static Map<String, Object> of(Slice slice) {
        Map<String, Object> m = of(slice.container());
        m.put(SLICE_START_NS, slice.startNs());
        return m;
    }

    /** True for a slice's partition (it has {@code slice_start_ns}). */
    public static boolean isSlice(Map<String, ?> partition) {
        return partition != null && partition.containsKey(SLICE_START_NS);
    }

    /** Reads a slice's partition map; throws {@link InvalidOffsetException} naming what is wrong. */
    public static Slice loadSlice(Map<String, ?> partition) {
        if (partition == null || !SLICE_KEYS.equals(partition.keySet())) {
            throw new InvalidOffsetException("source partition " + partition + " must have exactly the keys "
                    + DATABASE + ", " + RETENTION_POLICY + ", " + MEASUREMENT + ", " + SLICE_START_NS);
        }
        Object start = partition.get(SLICE_START_NS);
        if (!(start instanceof Long || start instanceof Integer)) {
            throw new InvalidOffsetException("source partition key '" + SLICE_START_NS + "' must be an integer, got "
                    + start);
        }
        return new Slice(containerOf(partition), ((Number) start).longValue());
    }

    /** Reads a container's partition map; throws {@link InvalidOffsetException} naming what is wrong. */
    public static Container load(Map<String, ?> partition) {
        if (partition == null) {
            throw new InvalidOffsetException("source partition is missing");
        }
        if (!KEYS.equals(partition.keySet())) {
            throw new InvalidOffsetException("source partition " + partition + " must have exactly the keys "
                    + DATABASE + ", " + RETENTION_POLICY + ", " + MEASUREMENT + " (or also " + SLICE_START_NS
                    + " for a slice)");
        }
        return containerOf(partition);
    }

    private static Container containerOf(Map<String, ?> partition) {
        return new Container(string(partition, DATABASE), string(partition, RETENTION_POLICY),
                string(partition, MEASUREMENT));
    }

    private static String string(Map<String, ?> partition, String key) {
        Object v = partition.get(key);
        if (!(v instanceof String) || ((String) v).isEmpty()) {
            throw new InvalidOffsetException("source partition key '" + key + "' must be a non-empty string, got "
                    + v);
        }
        return (String) v;
    }
}
