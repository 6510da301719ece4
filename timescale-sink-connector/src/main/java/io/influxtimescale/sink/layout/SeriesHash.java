package io.influxtimescale.sink.layout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

import io.influxtimescale.contract.SeriesKey;

/**
 * The unique key of a series catalog row: SHA-256 over a length-prefixed canonical encoding, a fixed 32 bytes (the
 * unique index never hits PostgreSQL's btree entry size limit however large a tag set is), computed by every task
 * without asking the database.
 */
public final class SeriesHash {
    private SeriesHash() {
    }

    /**
     * SHA-256 over: a version byte, then database, retention policy, measurement, the number of tags, each tag key
     * and value (sorted by key), then the extra strings, every string as a 4-byte big-endian length of its UTF-8
     * bytes followed by the bytes. Changing this changes every series id lookup of a layout: use a new version byte.
     */
    public static byte[] sha256(int version, SeriesKey series, String... extra) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
        sha.update((byte) version);
        put(sha, series.database());
        put(sha, series.retentionPolicy());
        put(sha, series.measurement());
        sha.update(ByteBuffer.allocate(4).putInt(series.tags().size()).array());
        for (Map.Entry<String, String> tag : series.tags().entrySet()) {
            put(sha, tag.getKey());
            put(sha, tag.getValue());
        }
        for (String s : extra) {
            put(sha, s);
        }
        return sha.digest();
    }

    private static void put(MessageDigest sha, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }
}
