package io.influxtimescale.bench;

import java.util.List;
import java.util.Map;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.fixtures.InfluxServer;

/**
 * The benchmark's data set, the same on every run: {@link #SERIES} series (10 measurements {@code m0..m9} x 100
 * devices {@code d0..d99}; the tag key {@code device} is one the shepard layout keeps apart too), each with one point
 * per second from 2024-01-01T00:00:00Z and four fields of the four types
 * (float {@code temperature}, integer {@code count}, string {@code state}, boolean {@code ok}). Every value is a pure
 * function of (series, point index), so InfluxDB, the raw COPY and the peer's flat records all get the same values.
 */
public final class DataSet {
    public static final String DATABASE = "bench";
    public static final String RETENTION_POLICY = "autogen";
    public static final int SERIES = 1000;
    public static final int MEASUREMENTS = 10;
    public static final int FIELDS = 4;
    public static final long T0 = 1_704_067_200_000_000_000L;
    public static final long STEP = 1_000_000_000L;

    private final int pointsPerSeries;

    private DataSet(int pointsPerSeries) {
        this.pointsPerSeries = pointsPerSeries;
    }

    /** The data set with about {@code fieldValues} field values (at least one point per series). */
    public static DataSet ofFieldValues(long fieldValues) {
        return new DataSet((int) Math.max(1, fieldValues / ((long) FIELDS * SERIES)));
    }

    public int pointsPerSeries() {
        return pointsPerSeries;
    }

    public long points() {
        return (long) SERIES * pointsPerSeries;
    }

    public long fieldValues() {
        return points() * FIELDS;
    }

    public long time(int i) {
        return T0 + i * STEP;
    }

    /** The time every series has its last point at. */
    public long lastTime() {
        return time(pointsPerSeries - 1);
    }

    public static String measurement(int series) {
        return "m" + (series % MEASUREMENTS);
    }

    public static String device(int series) {
        return "d" + (series / MEASUREMENTS);
    }

    public static double temperature(int series, int i) {
        return series + i / 1024.0; // exact in binary: no rounding anywhere on the way
    }

    public static long count(int series, int i) {
        return series * 1_000_000_000L + i;
    }

    public static String state(int series, int i) {
        return "state-" + ((series + i) % 5);
    }

    public static boolean ok(int series, int i) {
        return ((series + i) & 1) == 0;
    }

    /** Writes the whole set into {@link #DATABASE} through {@code /write}, in batches of about 4 MB. */
    public void writeTo(InfluxServer influx) {
        influx.query("CREATE DATABASE " + DATABASE);
        StringBuilder lines = new StringBuilder(5 << 20);
        for (int i = 0; i < pointsPerSeries; i++) {
            long t = time(i);
            for (int s = 0; s < SERIES; s++) {
                lines.append(measurement(s)).append(",device=").append(device(s)).append(" temperature=")
                        .append(temperature(s, i)).append(",count=").append(count(s, i)).append("i,state=\"")
                        .append(state(s, i)).append("\",ok=").append(ok(s, i)).append(' ').append(t).append('\n');
            }
            if (lines.length() > 4 << 20) {
                influx.write(DATABASE, lines.toString());
                lines.setLength(0);
            }
        }
        if (lines.length() > 0) {
            influx.write(DATABASE, lines.toString());
        }
    }

    /** One series' points {@code [from, to)} as a record of the contract (what the source would emit). */
    public SeriesWindow window(int series, int from, int to) {
        int n = to - from;
        long[] times = new long[n];
        double[] temperature = new double[n];
        long[] count = new long[n];
        String[] state = new String[n];
        boolean[] ok = new boolean[n];
        for (int k = 0; k < n; k++) {
            int i = from + k;
            times[k] = time(i);
            temperature[k] = temperature(series, i);
            count[k] = count(series, i);
            state[k] = state(series, i);
            ok[k] = ok(series, i);
        }
        SeriesKey key = new SeriesKey(DATABASE, RETENTION_POLICY, measurement(series),
                Map.of("device", device(series)));
        return new SeriesWindow(key, times[0], times[n - 1] + 1, times, List.of(
                FieldColumn.ofFloats("temperature", null, temperature), FieldColumn.ofIntegers("count", null, count),
                FieldColumn.ofStrings("state", null, state), FieldColumn.ofBooleans("ok", null, ok)));
    }

    @Override
    public String toString() {
        return String.format("%,d field values: %,d series (%d measurements x %d devices) x %,d points at 1 s x %d "
                        + "fields (float, integer, string, boolean)", fieldValues(), SERIES, MEASUREMENTS,
                SERIES / MEASUREMENTS, pointsPerSeries, FIELDS);
    }
}
