package io.influxtimescale.stack;

import java.util.Random;

import io.influxtimescale.fixtures.InfluxServer;

/**
 * A small, reproducible data set that looks like what people keep in InfluxDB: host metrics and sensors over the
 * day (by default) before the stack first started, every field type, two retention policies holding the same measurement.
 */
final class SampleDataSet {
    static final String DATABASE = "sample";
    private static final long NS_PER_S = 1_000_000_000L;
    private static final int BATCH_LINES = 5000;

    private SampleDataSet() {
    }

    /**
     * Writes the data set of {@code hours} ending at {@code endNs}; returns the number of field values written. The
     * same arguments write the same points, so a load interrupted by a crash is simply done again.
     */
    static long load(InfluxServer influx, long endNs, int hours) {
        influx.query("CREATE DATABASE " + DATABASE);
        influx.query("CREATE RETENTION POLICY \"longterm\" ON " + DATABASE + " DURATION INF REPLICATION 1");
        Random random = new Random(42);
        long values = 0;
        long day = hours * 3600 * NS_PER_S;
        StringBuilder batch = new StringBuilder();
        int lines = 0;
        // cpu: 4 hosts every 10 s, floats and an integer.
        for (long t = endNs - day; t < endNs; t += 10 * NS_PER_S) {
            for (int h = 1; h <= 4; h++) {
                batch.append("cpu,host=h").append(h).append(",region=").append(h <= 2 ? "eu" : "us")
                        .append(" usage_user=").append(random.nextDouble() * 100)
                        .append(",usage_system=").append(random.nextDouble() * 20)
                        .append(",cores=").append(4 * h).append("i ").append(t).append('\n');
                values += 3;
                if (++lines % BATCH_LINES == 0) {
                    influx.write(DATABASE, batch.toString());
                    batch.setLength(0);
                }
            }
        }
        // sensor: 3 devices every 30 s, a float, a string and a boolean; the status is not always reported.
        for (long t = endNs - day; t < endNs; t += 30 * NS_PER_S) {
            for (int d = 1; d <= 3; d++) {
                batch.append("sensor,device=d").append(d).append(",location=hall\\ ").append(d)
                        .append(" temperature=").append(15 + random.nextGaussian() * 3);
                values++;
                if (random.nextInt(4) == 0) {
                    batch.append(",status=\"").append(random.nextBoolean() ? "ok" : "check filter").append('"');
                    values++;
                }
                batch.append(",door_open=").append(random.nextInt(10) == 0).append(' ').append(t).append('\n');
                values++;
                if (++lines % BATCH_LINES == 0) {
                    influx.write(DATABASE, batch.toString());
                    batch.setLength(0);
                }
            }
        }
        influx.write(DATABASE, batch.toString());
        // longterm: hourly cpu averages, the same measurement name in a second retention policy.
        batch.setLength(0);
        for (long t = endNs - day; t < endNs; t += 3600 * NS_PER_S) {
            for (int h = 1; h <= 4; h++) {
                batch.append("cpu,host=h").append(h).append(" usage_user_mean=").append(random.nextDouble() * 100)
                        .append(' ').append(t).append('\n');
                values++;
            }
        }
        influx.write(DATABASE, "longterm", "ns", batch.toString());
        return values;
    }
}
