package io.influxtimescale.it.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.TimescaleServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Half a million points through the worker with two tasks, then a replay of the whole topic where every row
 * conflicts: both leave exactly the expected rows. Prints end-to-end rows/s (JsonConverter included) for both.
 */
class SinkThroughputIT {
    @RegisterExtension
    static final TimescaleServer TIMESCALE = TimescaleServer.create();
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    private final SinkHarness harness = new SinkHarness(CONNECT, TIMESCALE);

    @Test
    void halfAMillionPointsWithTwoTasksThenAnAllConflictReplayLeaveExactlyTheExpectedRows() throws Exception {
        String db = TIMESCALE.createDatabase("throughput");
        String topic = "throughput-points";
        CONNECT.createTopic(topic, 2);
        List<SeriesWindow> windows = new ArrayList<>();
        int points = 0;
        for (int s = 0; s < 100; s++) {
            SeriesKey key = new SeriesKey("lab", "autogen", "load", Map.of("host", "h" + s));
            for (int w = 0; w < 5; w++) {
                long[] times = new long[1000];
                double[] values = new double[1000];
                long start = 1_700_000_000_000_000_000L + w * 10_000_000_000_000L;
                for (int i = 0; i < times.length; i++) {
                    times[i] = start + i * 10_000_000_000L + s;
                    values[i] = s + i / 8.0;
                }
                windows.add(new SeriesWindow(key, start, times[999] + 1, times,
                        List.of(FieldColumn.ofFloats("v", null, values))));
                points += times.length;
            }
        }
        harness.produce(topic, null, windows);
        Map<String, String> config = harness.sinkConfig("narrow", topic, db, "influx");
        config.put("tasks.max", "2");
        config.put("batch.max.rows", "100000");
        config.put("batch.linger.ms", "1000");

        long t0 = System.nanoTime();
        harness.deploy("throughput", config);
        harness.awaitCaughtUp("throughput", topic, Duration.ofSeconds(300));
        double fresh = points / ((System.nanoTime() - t0) / 1e9);
        assertThat(harness.count(db, "SELECT 1 FROM influx.points")).isEqualTo(points);
        String before = harness.checksum(db, "SELECT series_id, \"time\", time_ns, value_double FROM influx.points "
                + "ORDER BY series_id, \"time\", time_ns");

        long t1 = System.nanoTime();
        harness.replayFromScratch("throughput");
        harness.awaitCaughtUp("throughput", topic, Duration.ofSeconds(300));
        double replay = points / ((System.nanoTime() - t1) / 1e9);
        assertThat(harness.checksum(db, "SELECT series_id, \"time\", time_ns, value_double FROM influx.points "
                + "ORDER BY series_id, \"time\", time_ns")).isEqualTo(before);
        assertThat(harness.count(db, "SELECT 1 FROM influx.series")).isEqualTo(100);

        System.out.printf("SinkThroughputIT: %d points end to end (JsonConverter, 2 tasks, connector start "
                + "included): new %.0f rows/s, all-conflict replay %.0f rows/s%n", points, fresh, replay);
        CONNECT.rest().delete("throughput");
    }
}
