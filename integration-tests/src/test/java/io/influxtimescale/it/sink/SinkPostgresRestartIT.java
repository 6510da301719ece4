package io.influxtimescale.it.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.TimescaleServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PostgreSQL crashes and comes back while the sink is writing: nothing is lost, nothing doubled. */
class SinkPostgresRestartIT {
    @RegisterExtension
    static final TimescaleServer TIMESCALE = TimescaleServer.create();
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    private final SinkHarness harness = new SinkHarness(CONNECT, TIMESCALE);

    @Test
    void aPostgresCrashMidStreamLosesAndDoublesNothing() throws Exception {
        String db = TIMESCALE.createDatabase("restart");
        String topic = "restart-points";
        CONNECT.createTopic(topic, 2);
        Map<String, String> config = harness.sinkConfig("narrow", topic, db, "influx");
        config.put("tasks.max", "2");
        config.put("batch.max.rows", "5000");
        config.put("retry.backoff.ms", "300");
        config.put("max.retries", "30");
        harness.deploy("restart", config);

        List<SeriesWindow> windows = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            for (int s = 0; s < 10; s++) {
                SeriesKey key = new SeriesKey("lab", "autogen", "load", Map.of("host", "h" + s));
                // overlapping rounds: later records overwrite half of the previous round's points
                windows.add(Points.floats(key, "v", 1_000_000_000L * round + s, 1_000_000L, 2000, round * 10_000.0));
            }
        }
        AtomicReference<Throwable> producerFailure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                for (int from = 0; from < windows.size(); from += 10) {
                    harness.produce(topic, null, windows.subList(from, from + 10));
                    Thread.sleep(100);
                }
            } catch (Throwable t) {
                producerFailure.set(t);
            }
        }, "restart-producer");
        producer.start();

        Fixtures.await("the first rows", Duration.ofSeconds(60), () -> {
            try {
                return harness.count(db, "SELECT 1 FROM influx.points") > 10_000;
            } catch (java.sql.SQLException e) {
                return false;
            }
        });
        TIMESCALE.crash();
        Thread.sleep(3000);
        TIMESCALE.start();
        producer.join(120_000);
        assertThat(producerFailure.get()).isNull();
        assertThat(producer.isAlive()).isFalse();

        harness.awaitCaughtUp("restart", topic, Duration.ofSeconds(180));
        List<String> expected = Points.expected(windows);
        assertThat(harness.count(db, "SELECT 1 FROM influx.points")).isEqualTo(expected.size());
        assertThat(harness.narrowPoints(db, "influx")).containsExactlyElementsOf(expected);
        assertThat(harness.count(db, "SELECT 1 FROM influx.series")).isEqualTo(10);
        CONNECT.rest().delete("restart");
    }
}
