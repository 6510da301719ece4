package io.influxtimescale.it.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.InfluxServer.InfluxQlText;

/**
 * The data that breaks InfluxDB migrations (../shared/notes/pitfalls.md, "Reading from InfluxDB"), written into a
 * real InfluxDB with line protocol, and the exact field values that must come out at the other end:
 *
 * <ul>
 *   <li>two databases, one with a name full of characters that need quoting;</li>
 *   <li>two retention policies (the default one and a 1-hour-shard one with an odd name) holding the same
 *       measurement with different points;</li>
 *   <li>one field that is a float, an integer, a string and a boolean in four different shard groups (7.0 and 7
 *       included, so a reader that loses the float/integer distinction fails);</li>
 *   <li>a tag and a field with the same key;</li>
 *   <li>measurement, tag key, tag value and field key names with quotes, commas, spaces, equals signs,
 *       backslashes, dots and unicode;</li>
 *   <li>times before 1970 and points less than a microsecond apart;</li>
 *   <li>int64 extremes, float extremes, empty strings and a 64 KiB string;</li>
 *   <li>a sparse series (fields present at different times) and a series with many points (split into several
 *       records when max.points.per.record is small).</li>
 * </ul>
 *
 * No -0.0: Connect's JsonConverter reads floats as BigDecimal, which has no negative zero, so -0.0 arrives as 0.0
 * through any JSON-converted pipeline (the source itself keeps it; see the source module's WindowReaderTest).
 *
 * <p>Backslashes in names are placed before ordinary letters only: line protocol cannot express a name whose backslash
 * precedes a space, comma or equals sign unambiguously. InfluxDB refuses '\' and '/' in database names.
 */
public final class EdgeCaseDataSet {
    public static final String DB_PLAIN = "edge_plain";
    public static final String DB_ODD = "edge two,=\"q'ü.x";
    public static final String RP_DEFAULT = "autogen";
    public static final String RP_HOURLY = "hourly, \"rp\"=ü";
    public static final String M_ODD = "we\"ird,m e=a\\s ü.x";
    public static final String TAG_ODD = "t k=,\"'\\q";
    public static final String FIELD_ODD = "f i=,\"\\x ü";

    /** 2001-09-09T01:46:40Z, the start of the data's main weeks. */
    public static final long T0 = 1_000_000_000_000_000_000L;
    public static final long HOUR = 3_600_000_000_000L;
    public static final long WEEK = 7 * 24 * HOUR;

    private final List<ExpectedValue> values = new ArrayList<>();
    /** Line protocol per (database, retention policy). */
    private final Map<List<String>, StringBuilder> lines = new LinkedHashMap<>();

    private EdgeCaseDataSet() {
    }

    public static EdgeCaseDataSet create() {
        EdgeCaseDataSet d = new EdgeCaseDataSet();
        d.build();
        return d;
    }

    private void build() {
        // Same measurement in two retention policies, different points.
        for (int i = 0; i < 5; i++) {
            point(DB_PLAIN, RP_DEFAULT, "cpu", Map.of("host", "a"), T0 + i * HOUR, "usage", 10.5 + i, "count",
                    (long) i);
            point(DB_PLAIN, RP_DEFAULT, "cpu", Map.of("host", "b"), T0 + i * HOUR + 1, "usage", 20.25 + i);
            point(DB_PLAIN, RP_HOURLY, "cpu", Map.of("host", "a"), T0 + i * HOUR + 7, "usage", -1.0 * i - 0.5, "count",
                    100L + i);
        }
        // One field, four types, four shard groups (7-day groups of the default policy).
        point(DB_PLAIN, RP_DEFAULT, "conflict", Map.of("s", "1"), T0, "v", 7.0, "w", 1L);
        point(DB_PLAIN, RP_DEFAULT, "conflict", Map.of("s", "1"), T0 + 1, "v", 1.5);
        point(DB_PLAIN, RP_DEFAULT, "conflict", Map.of("s", "1"), T0 + 2 * WEEK, "v", 7L, "w", 2L);
        point(DB_PLAIN, RP_DEFAULT, "conflict", Map.of("s", "1"), T0 + 2 * WEEK + 1, "v", Long.MIN_VALUE);
        point(DB_PLAIN, RP_DEFAULT, "conflict", Map.of("s", "2"), T0 + 2 * WEEK + 2, "v", Long.MAX_VALUE);
        point(DB_PLAIN, RP_DEFAULT, "conflict", Map.of("s", "1"), T0 + 4 * WEEK, "v", "7", "w", 3L);
        point(DB_PLAIN, RP_DEFAULT, "conflict", Map.of("s", "1"), T0 + 4 * WEEK + 1, "v", "");
        point(DB_PLAIN, RP_DEFAULT, "conflict", Map.of("s", "1"), T0 + 6 * WEEK, "v", true, "w", 4L);
        point(DB_PLAIN, RP_DEFAULT, "conflict", Map.of("s", "2"), T0 + 6 * WEEK + 5, "v", false);
        // A tag and a field with the same key; a series without the tag.
        point(DB_PLAIN, RP_DEFAULT, "same_key", Map.of("k", "tag-value"), T0, "k", "field-value", "n", 1L);
        point(DB_PLAIN, RP_DEFAULT, "same_key", Map.of(), T0 + 1, "k", "only-field");
        // Odd names everywhere.
        point(DB_PLAIN, RP_DEFAULT, M_ODD, Map.of(TAG_ODD, "v ,=ü\\y\"'"), T0, FIELD_ODD, 1.25, "s",
                "q\"uo\\te, =ü'");
        point(DB_PLAIN, RP_HOURLY, M_ODD, Map.of(TAG_ODD, "x"), T0 + 3, FIELD_ODD, 2.5);
        // Before 1970, at 0, and less than a microsecond apart.
        point(DB_PLAIN, RP_DEFAULT, "times", Map.of(), -1_000_000_000_000_000_000L, "v", 1L);
        point(DB_PLAIN, RP_DEFAULT, "times", Map.of(), -1L, "v", 2L);
        point(DB_PLAIN, RP_DEFAULT, "times", Map.of(), 0L, "v", 3L);
        point(DB_PLAIN, RP_DEFAULT, "times", Map.of(), T0, "v", 4L);
        point(DB_PLAIN, RP_DEFAULT, "times", Map.of(), T0 + 1, "v", 5L);
        point(DB_PLAIN, RP_DEFAULT, "times", Map.of(), T0 + 999, "v", 6L);
        // Extremes.
        point(DB_PLAIN, RP_DEFAULT, "extremes", Map.of(), T0, "f", 1e308, "i", Long.MAX_VALUE, "s", "");
        point(DB_PLAIN, RP_DEFAULT, "extremes", Map.of(), T0 + 1, "f", Double.MIN_VALUE, "i", Long.MIN_VALUE);
        point(DB_PLAIN, RP_DEFAULT, "extremes", Map.of(), T0 + 2, "f", -2.5e-300, "i", -1L, "b", false);
        point(DB_PLAIN, RP_DEFAULT, "extremes", Map.of(), T0 + 3, "f", -1.7976931348623157e308, "i", 0L);
        point(DB_PLAIN, RP_DEFAULT, "extremes", Map.of(), T0 + 4, "s", bigString());
        // The odd database: a sparse series and a longer one.
        for (int i = 0; i < 250; i++) {
            if (i % 3 == 0) {
                point(DB_ODD, RP_DEFAULT, "m", Map.of("series", "long"), T0 + i * 1_000L, "x", (double) i, "y",
                        (long) -i);
            } else {
                point(DB_ODD, RP_DEFAULT, "m", Map.of("series", "long"), T0 + i * 1_000L, "x", i + 0.5);
            }
        }
        point(DB_ODD, RP_DEFAULT, "m", Map.of("series", "sparse"), T0, "y", 1L);
        point(DB_ODD, RP_DEFAULT, "m", Map.of("series", "sparse"), T0 + 10, "z", "zz");
    }

    /** 64 KiB of UTF-8 minus one byte (InfluxDB's limit is 64 KiB), mixing ASCII and two-byte characters. */
    private static String bigString() {
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        while (bytes < 64 * 1024 - 3) {
            if (b.length() % 10 == 9) {
                b.append('é');
                bytes += 2;
            } else {
                b.append((char) ('a' + b.length() % 26));
                bytes += 1;
            }
        }
        return b.toString();
    }

    private void point(String db, String rp, String m, Map<String, String> tags, long t, Object... fieldsAndValues) {
        StringBuilder line = new StringBuilder(escapeMeasurement(m));
        for (Map.Entry<String, String> tag : new TreeMap<>(tags).entrySet()) {
            line.append(',').append(escapeKey(tag.getKey())).append('=').append(escapeKey(tag.getValue()));
        }
        line.append(' ');
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            String field = (String) fieldsAndValues[i];
            Object value = fieldsAndValues[i + 1];
            if (i > 0) {
                line.append(',');
            }
            line.append(escapeKey(field)).append('=').append(fieldValue(value));
            values.add(new ExpectedValue(db, rp, m, tags, t, field, typeOf(value), value));
        }
        line.append(' ').append(t).append('\n');
        lines.computeIfAbsent(List.of(db, rp), k -> new StringBuilder()).append(line);
    }

    private static FieldType typeOf(Object v) {
        if (v instanceof Double) {
            return FieldType.FLOAT;
        }
        if (v instanceof Long) {
            return FieldType.INTEGER;
        }
        if (v instanceof String) {
            return FieldType.STRING;
        }
        if (v instanceof Boolean) {
            return FieldType.BOOLEAN;
        }
        throw new IllegalArgumentException("unsupported value " + v);
    }

    private static String fieldValue(Object v) {
        if (v instanceof Double) {
            // Java's shortest repr round-trips; line protocol needs a float literal, which "7.0" and "1.0E308" are.
            return Double.toString((Double) v).replace("E", "e");
        }
        if (v instanceof Long) {
            return v + "i";
        }
        if (v instanceof String) {
            return "\"" + ((String) v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return v.toString();
    }

    private static String escapeMeasurement(String m) {
        return m.replace(",", "\\,").replace(" ", "\\ ");
    }

    private static String escapeKey(String k) {
        return k.replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ");
    }

    /** Creates the databases and the extra retention policy, and writes every point. */
    public void writeTo(InfluxServer influx) {
        for (String db : databases()) {
            influx.query("CREATE DATABASE " + InfluxQlText.identifier(db));
        }
        influx.query("CREATE RETENTION POLICY " + InfluxQlText.identifier(RP_HOURLY) + " ON "
                + InfluxQlText.identifier(DB_PLAIN) + " DURATION INF REPLICATION 1 SHARD DURATION 1h");
        for (Map.Entry<List<String>, StringBuilder> e : lines.entrySet()) {
            String rp = e.getKey().get(1);
            influx.write(e.getKey().get(0), RP_DEFAULT.equals(rp) ? null : rp, "ns", e.getValue().toString());
        }
    }

    public Set<String> databases() {
        Set<String> dbs = new LinkedHashSet<>();
        for (ExpectedValue v : values) {
            dbs.add(v.database());
        }
        return dbs;
    }

    /** Every field value written, in writing order. */
    public List<ExpectedValue> values() {
        return Collections.unmodifiableList(values);
    }

    /** The values of one container. */
    public List<ExpectedValue> values(String db, String rp, String measurement) {
        List<ExpectedValue> out = new ArrayList<>();
        for (ExpectedValue v : values) {
            if (v.database().equals(db) && v.retentionPolicy().equals(rp) && v.measurement().equals(measurement)) {
                out.add(v);
            }
        }
        return out;
    }
}
