package io.influxtimescale.it.data;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

import io.influxtimescale.contract.FieldType;

/**
 * One field value of one point: where it lives (database, retention policy, measurement, tags), its nanosecond time,
 * the field and its typed value. {@link #key()} is a canonical text that compares floats bit for bit (so -0.0, 7.0
 * against 7, and 5e-324 are all told apart), to compare what InfluxDB holds with what arrived.
 */
public final class ExpectedValue {
    private final String database;
    private final String retentionPolicy;
    private final String measurement;
    private final SortedMap<String, String> tags;
    private final long timeNs;
    private final String field;
    private final FieldType type;
    private final Object value;

    public ExpectedValue(String database, String retentionPolicy, String measurement, Map<String, String> tags,
                         long timeNs, String field, FieldType type, Object value) {
        this.database = database;
        this.retentionPolicy = retentionPolicy;
        this.measurement = measurement;
        this.tags = new TreeMap<>(tags);
        this.timeNs = timeNs;
        this.field = field;
        this.type = type;
        this.value = value;
    }

    public String database() {
        return database;
    }

    public String retentionPolicy() {
        return retentionPolicy;
    }

    public String measurement() {
        return measurement;
    }

    public SortedMap<String, String> tags() {
        return tags;
    }

    public long timeNs() {
        return timeNs;
    }

    public String field() {
        return field;
    }

    public FieldType type() {
        return type;
    }

    public Object value() {
        return value;
    }

    /** Canonical comparison text; floats as their raw bits. */
    public String key() {
        return key(database, retentionPolicy, measurement, tags, timeNs, field, type, value);
    }

    public static String key(String database, String rp, String measurement, Map<String, String> tags, long timeNs,
                             String field, FieldType type, Object value) {
        String v;
        if (value instanceof Double) {
            v = "bits:" + Long.toHexString(Double.doubleToRawLongBits((Double) value)) + "(" + value + ")";
        } else if (value instanceof String) {
            String s = (String) value;
            v = s.length() > 64 ? "len" + s.length() + ":" + s.hashCode() + ":" + s.substring(0, 16) : "'" + s + "'";
        } else {
            v = String.valueOf(value);
        }
        return database + " | " + rp + " | " + measurement + " | " + new TreeMap<>(tags) + " | " + timeNs + " | "
                + field + " | " + type.wireName() + " | " + v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpectedValue && ((ExpectedValue) o).key().equals(key());
    }

    @Override
    public int hashCode() {
        return Objects.hash(key());
    }

    @Override
    public String toString() {
        return key();
    }
}
