package io.influxtimescale.it.sink;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.FieldType;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;

/**
 * Test data: the points of windows as comparable strings "database|rp|measurement|tags|field|type|ns|value", and
 * the windows the tests produce (every type, edge values, hostile names, sparse fields, a field with two types).
 */
final class Points {
    private Points() {
    }

    /** One expected or actual point, as text that keeps every bit (doubles as their raw bits). */
    static String point(SeriesKey s, String field, FieldType type, long ns, Object value) {
        return s.database() + "|" + s.retentionPolicy() + "|" + s.measurement() + "|" + new TreeMap<>(s.tags()) + "|"
                + field + "|" + type.wireName() + "|" + ns + "|" + valueText(type, value);
    }

    static String valueText(FieldType type, Object value) {
        if (type == FieldType.FLOAT) {
            double d = ((Number) value).doubleValue();
            return d + "#" + Long.toHexString(Double.doubleToRawLongBits(d));
        }
        return String.valueOf(value);
    }

    /** The points of windows, later windows overwriting earlier ones at the same series, field, type and time. */
    static List<String> expected(List<SeriesWindow> windows) {
        Map<String, String> byKey = new TreeMap<>();
        for (SeriesWindow w : windows) {
            for (FieldColumn f : w.fields()) {
                for (int i = 0; i < f.size(); i++) {
                    long ns = w.timeAt(f.timeIndex(i));
                    String p = point(w.series(), f.name(), f.type(), ns, f.valueAt(i));
                    byKey.put(p.substring(0, p.lastIndexOf('|')), p);
                }
            }
        }
        List<String> out = new ArrayList<>(byKey.values());
        out.sort(Comparator.naturalOrder());
        return out;
    }

    static final String LONG_STRING = "ü".repeat(32 * 1024); // 64 KiB of UTF-8

    /** Every type with its edge values, nanosecond neighbours, times before 1970, sparse fields, two types. */
    static List<SeriesWindow> edgeCases() {
        List<SeriesWindow> out = new ArrayList<>();
        SeriesKey cpu = new SeriesKey("lab", "autogen", "cpu", Map.of("host", "h1", "dc", "eu"));
        long[] times = {
            -9_223_372_036_854_775_806L,    // InfluxDB's minimum time (1677)
            -1_000_000_000_000_000_001L,    // before 1970, not on a microsecond
            -1L, 0L, 1L,
            1_700_000_000_000_000_000L,
            1_700_000_000_000_000_001L,     // 1 ns later: same microsecond, distinct point
            1_700_000_000_000_000_999L,
            1_700_000_000_000_001_000L,
            9_223_372_036_854_775_806L      // InfluxDB's maximum time (2262)
        };
        int n = times.length;
        // no -0.0: Kafka's JsonConverter reads floats as BigDecimal and turns -0.0 into 0.0 before the sink sees it
        double[] floats = {1e308, 5e-324, -Double.MIN_VALUE, 0.0, -1.5, Double.MAX_VALUE, Double.MIN_NORMAL, 0.1, 1.0 / 3, -1e-300};
        out.add(new SeriesWindow(cpu, times[0], times[n - 1] + 1, times, List.of(
                FieldColumn.ofFloats("usage", null, floats),
                FieldColumn.ofIntegers("count", new int[] {0, 3, 9}, new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}),
                FieldColumn.ofUnsigned("bytes", new int[] {1, 2, 8}, new long[] {-1L, Long.MIN_VALUE, 42}),
                FieldColumn.ofStrings("note", new int[] {0, 4, 5, 6, 7}, new String[] {"", "ünïcødé 🚀 中文",
                    LONG_STRING, "quote ' \" back \\ slash", "line\nbreak\ttab\r"}),
                FieldColumn.ofBooleans("ok", new int[] {2, 3}, new boolean[] {true, false}),
                // one field, two types in one record (InfluxDB shards can disagree)
                FieldColumn.ofFloats("mixed", new int[] {1, 5}, new double[] {7.0, 7.5}),
                FieldColumn.ofIntegers("mixed", new int[] {2, 6}, new long[] {7, 8}),
                FieldColumn.ofStrings("mixed", new int[] {3}, new String[] {"7"}))));

        // hostile names everywhere: quotes, SQL, backslashes, commas, equals, spaces, dots, unicode, 300 characters
        String longName = "n".repeat(300);
        SeriesKey hostile = new SeriesKey("db \"x\"; DROP TABLE points; --", "rp.with.dots",
                "meas,with=escapes \\ and 'quotes'", Map.of("tag \"k\"", "v'); DROP SCHEMA influx; --",
                "Ünï", "数据", longName, longName, "=", ",", "big", "v".repeat(10_000)));
        out.add(new SeriesWindow(hostile, 0, 100, new long[] {10, 20}, List.of(
                FieldColumn.ofFloats("field \"one\"", null, new double[] {1, 2}),
                FieldColumn.ofStrings(longName, new int[] {1}, new String[] {"v"}))));
        return out;
    }

    /** A deterministic float window: {@code count} points from {@code startNs}, {@code stepNs} apart. */
    static SeriesWindow floats(SeriesKey series, String field, long startNs, long stepNs, int count, double base) {
        long[] times = new long[count];
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            times[i] = startNs + i * stepNs;
            values[i] = base + i;
        }
        return new SeriesWindow(series, startNs, times[count - 1] + 1, times,
                List.of(FieldColumn.ofFloats(field, null, values)));
    }

    static Object unsigned(long bits) {
        return new BigInteger(Long.toUnsignedString(bits));
    }
}
