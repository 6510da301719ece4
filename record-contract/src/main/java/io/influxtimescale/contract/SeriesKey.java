package io.influxtimescale.contract;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Identifies one InfluxDB series: database, retention policy, measurement and tag set. Tags are kept sorted by key
 * (by UTF-16 code unit, which is what {@link String#compareTo} does) so that the record key's bytes are deterministic
 * and one series always lands in one Kafka partition, in order.
 */
public final class SeriesKey {
    private final String database;
    private final String retentionPolicy;
    private final String measurement;
    private final SortedMap<String, String> tags;

    public SeriesKey(String database, String retentionPolicy, String measurement, Map<String, String> tags) {
        this.database = requireName(database, "database");
        this.retentionPolicy = requireName(retentionPolicy, "retention policy");
        this.measurement = requireName(measurement, "measurement");
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = Objects.requireNonNull(tag.getKey(), "tag key");
            // InfluxDB never stores an empty tag value; the query returns "" for "tag absent", which is the same thing.
            String value = Objects.requireNonNull(tag.getValue(), "tag value of " + key);
            if (!value.isEmpty()) {
                sorted.put(key, value);
            }
        }
        this.tags = Collections.unmodifiableSortedMap(sorted);
    }

    private static String requireName(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must be a non-empty name");
        }
        return value;
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

    /** Tags sorted by key; absent and empty-valued tags are not present. */
    public SortedMap<String, String> tags() {
        return tags;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SeriesKey)) {
            return false;
        }
        SeriesKey other = (SeriesKey) o;
        return database.equals(other.database) && retentionPolicy.equals(other.retentionPolicy)
                && measurement.equals(other.measurement) && tags.equals(other.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(database, retentionPolicy, measurement, tags);
    }

    @Override
    public String toString() {
        return database + "." + retentionPolicy + "." + measurement + tags;
    }
}
