package io.influxtimescale.source.offsets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.influxtimescale.source.discovery.Container;

/** The Connect source partition of a container: {@code {database, retention_policy, measurement}}. */
public final class SourcePartitions {
    public static final String DATABASE = "database";
    public static final String RETENTION_POLICY = "retention_policy";
    public static final String MEASUREMENT = "measurement";
    private static final Set<String> KEYS = Set.of(DATABASE, RETENTION_POLICY, MEASUREMENT);

    private SourcePartitions() {
    }

    public static Map<String, Object> of(Container c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(DATABASE, c.database());
        m.put(RETENTION_POLICY, c.retentionPolicy());
        m.put(MEASUREMENT, c.measurement());
        return m;
    }

    /** Reads a partition map; throws {@link InvalidOffsetException} naming what is wrong. */
    public static Container load(Map<String, ?> partition) {
        if (partition == null) {
            throw new InvalidOffsetException("source partition is missing");
        }
        if (!KEYS.equals(partition.keySet())) {
            throw new InvalidOffsetException("source partition " + partition + " must have exactly the keys "
                    + DATABASE + ", " + RETENTION_POLICY + ", " + MEASUREMENT);
        }
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
