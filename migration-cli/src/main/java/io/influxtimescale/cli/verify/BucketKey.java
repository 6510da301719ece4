package io.influxtimescale.cli.verify;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.influxtimescale.contract.FieldType;

/**
 * What one aggregate describes: one series (tags, sorted, empty values dropped as InfluxDB does), one field of one
 * type, one time bucket {@code [bucketStartNs, bucketStartNs + bucket)} aligned to the epoch.
 */
public record BucketKey(SortedMap<String, String> tags, String field, FieldType type, long bucketStartNs)
        implements Comparable<BucketKey> {

    public static BucketKey of(Map<String, String> tags, String field, FieldType type, long bucketStartNs) {
        TreeMap<String, String> sorted = new TreeMap<>();
        tags.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                sorted.put(k, v);
            }
        });
        return new BucketKey(sorted, field, type, bucketStartNs);
    }

    /** The start of the epoch-aligned bucket holding {@code timeNs} (floor division, also before 1970). */
    public static long bucketStart(long timeNs, long bucketNs) {
        return Math.floorDiv(timeNs, bucketNs) * bucketNs;
    }

    @Override
    public int compareTo(BucketKey o) {
        int c = tags.toString().compareTo(o.tags.toString());
        if (c == 0) {
            c = field.compareTo(o.field);
        }
        if (c == 0) {
            c = type.compareTo(o.type);
        }
        return c != 0 ? c : Long.compare(bucketStartNs, o.bucketStartNs);
    }
}
