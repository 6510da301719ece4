package io.influxtimescale.sink.layout.narrow;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.sink.layout.Texts;

/**
 * The identity of one row of the narrow series catalog: an InfluxDB series, one of its fields, and the field's type.
 * Its {@link #hashHex() hash} (SHA-256 over a length-prefixed canonical encoding) is the catalog's unique key: a
 * fixed 32 bytes, so the unique index never hits PostgreSQL's btree entry size limit however large a tag set is,
 * and every task computes the same hash for the same series without asking the database.
 */
public final class NarrowSeries {
    private final SeriesKey series;
    private final String field;
    private final FieldType type;
    private String hashHex;

    public NarrowSeries(SeriesKey series, String field, FieldType type) {
        this.series = Objects.requireNonNull(series);
        this.field = Objects.requireNonNull(field);
        this.type = Objects.requireNonNull(type);
    }

    public SeriesKey series() {
        return series;
    }

    public String field() {
        return field;
    }

    public FieldType type() {
        return type;
    }

    public String tagsJson() {
        return Texts.jsonObject(series.tags());
    }

    /** Lower-case hex of the SHA-256 of the canonical encoding. */
    public String hashHex() {
        if (hashHex == null) {
            hashHex = HexFormat.of().formatHex(hash(series, field, type));
        }
        return hashHex;
    }

    /**
     * SHA-256 over: a version byte, then database, retention policy, measurement, the number of tags, each tag key
     * and value (sorted by key), field name and type wire name, every string as a 4-byte big-endian length of its
     * UTF-8 bytes followed by the bytes. Changing this changes every series id lookup: bump the version byte.
     */
    static byte[] hash(SeriesKey series, String field, FieldType type) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
        sha.update((byte) 1);
        put(sha, series.database());
        put(sha, series.retentionPolicy());
        put(sha, series.measurement());
        sha.update(ByteBuffer.allocate(4).putInt(series.tags().size()).array());
        for (Map.Entry<String, String> tag : series.tags().entrySet()) {
            put(sha, tag.getKey());
            put(sha, tag.getValue());
        }
        put(sha, field);
        put(sha, type.wireName());
        return sha.digest();
    }

    private static void put(MessageDigest sha, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NarrowSeries)) {
            return false;
        }
        NarrowSeries other = (NarrowSeries) o;
        return type == other.type && field.equals(other.field) && series.equals(other.series);
    }

    @Override
    public int hashCode() {
        return Objects.hash(series, field, type);
    }

    @Override
    public String toString() {
        return series + " field '" + field + "' (" + type.wireName() + ")";
    }
}
