package io.influxtimescale.cli.check;

import java.time.Duration;

/**
 * The rates the preflight estimates migration time with. The defaults are our own measurements on a 2-core machine
 * shared by InfluxDB, Kafka, the worker and PostgreSQL, so they are conservative for a real deployment; operators
 * override them with what {@code itc status --watch} shows on theirs.
 *
 * @param sourceFieldValuesPerSecond InfluxDB into Kafka: 330 000 field values/s (docs/source-connector.md,
 *                                   "Throughput", {@code InfluxSourceLargeMeasurementIT}, 10 M field values, one task)
 * @param sinkRowsPerSecond          Kafka into TimescaleDB through a worker: 180 000 new rows/s (docs/sink-connector.md,
 *                                   {@code SinkThroughputIT}, narrow, two tasks; {@code bench/run} measures 280 000
 *                                   narrow and 680 000 wide field values/s end to end); counted as one row per field
 *                                   value, which a wide row (a point) beats
 */
public record MigrationRates(long sourceFieldValuesPerSecond, long sinkRowsPerSecond) {
    public static final long MEASURED_SOURCE = 330_000;
    public static final long MEASURED_SINK = 180_000;

    /**
     * Source and sink run at the same time, so the slower one sets the pace: the migration of {@code fieldValues}
     * takes about {@code fieldValues / min(source, sink)}.
     */
    public Duration estimate(long fieldValues) {
        long rate = Math.max(1, Math.min(sourceFieldValuesPerSecond, sinkRowsPerSecond));
        return Duration.ofSeconds((fieldValues + rate - 1) / rate);
    }

    public String describe() {
        boolean measured = sourceFieldValuesPerSecond == MEASURED_SOURCE && sinkRowsPerSecond == MEASURED_SINK;
        return String.format("source %,d field values/s, sink %,d rows/s (%s)", sourceFieldValuesPerSecond,
                sinkRowsPerSecond, measured ? "our measurements on 2 shared cores: docs/source-connector.md and "
                        + "docs/sink-connector.md; override with --source-rate/--sink-rate" : "given on the command line");
    }

    /** "2 h 5 min", "40 s": rough, for people. */
    public static String human(Duration d) {
        long s = d.getSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 2 * 3600) {
            return (s / 60) + " min";
        }
        if (s < 2 * 86400) {
            return (s / 3600) + " h " + (s % 3600 / 60) + " min";
        }
        return (s / 86400) + " d " + (s % 86400 / 3600) + " h";
    }
}
