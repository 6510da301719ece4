package io.influxtimescale.it.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not a test (run it by name, like {@link LiveLagBenchmark}). The load the live phase puts on InfluxDB when it follows
 * many measurements: {@code -Ditc.bench.measurements=2000} measurements, each written once a second, followed with
 * the default settings; InfluxDB's CPU per second against the same writes without the connector, in the same run.
 */
class LiveScaleBenchmark {
    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.create();
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    private static final String DB = "scale";
    private static final int MEASUREMENTS = Integer.getInteger("itc.bench.measurements", 2_000);
    private static final int SECONDS = Integer.getInteger("itc.bench.seconds", 30);

    @Test
    void measure() throws Exception {
        INFLUX.query("CREATE DATABASE " + DB);
        write(1); // every measurement exists before the connector starts
        long pid = LiveLagBenchmark.influxPid(INFLUX);
        List<String> report = new ArrayList<>();
        double baseline = writeFor(pid, SECONDS);
        report.add(String.format("live scale benchmark: %d measurements written once a second, %d s per run",
                MEASUREMENTS, SECONDS));
        report.add(String.format("baseline (writes only): InfluxDB CPU %.3f s per s", baseline));
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.influxtimescale.source.InfluxSourceConnector");
        c.put("tasks.max", "1");
        c.put("influxdb.url", INFLUX.url());
        c.put("databases.include", DB);
        c.put("mode", "live");
        c.put("topic.prefix", "scale.");
        c.put("heartbeat.topic", "scale_heartbeats");
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "3");
        CONNECT.rest().putConnectorConfig("scale-source", c);
        Fixtures.await("every measurement followed", Duration.ofMinutes(3), () -> followed() == MEASUREMENTS);
        double following = writeFor(pid, SECONDS);
        report.add(String.format("following them (mode live, defaults: poll 1s, sweep 5s): InfluxDB CPU %.3f s per s"
                + " (+%.3f)", following, following - baseline));
        System.out.println(String.join("\n", report));
        Files.writeString(Path.of("target", "live-scale-benchmark.txt"), String.join("\n", report) + "\n");
    }

    private static double writeFor(long pid, int seconds) throws Exception {
        double cpu0 = LiveLagBenchmark.cpuSeconds(pid);
        long start = System.nanoTime();
        for (int s = 0; s < seconds; s++) {
            long wait = start + s * 1_000_000_000L - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000);
            }
            write(1);
        }
        return (LiveLagBenchmark.cpuSeconds(pid) - cpu0) / ((System.nanoTime() - start) / 1e9);
    }

    private static void write(int pointsEach) {
        Instant now = Instant.now();
        long t = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        StringBuilder lines = new StringBuilder();
        for (int m = 0; m < MEASUREMENTS; m++) {
            for (int p = 0; p < pointsEach; p++) {
                lines.append("m").append(m).append(",host=h value=").append(m).append(".5 ").append(t + p)
                        .append('\n');
            }
        }
        INFLUX.write(DB, lines.toString());
    }

    private static int followed() {
        int live = 0;
        for (JsonNode e : CONNECT.rest().offsets("scale-source").path("offsets")) {
            if ("live".equals(e.path("offset").path("phase").asText())) {
                live++;
            }
        }
        return live;
    }
}
