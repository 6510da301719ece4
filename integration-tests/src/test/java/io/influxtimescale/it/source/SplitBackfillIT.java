package io.influxtimescale.it.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.contract.FieldType;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.ThrottledProxy;
import io.influxtimescale.fixtures.TimescaleServer;
import io.influxtimescale.it.data.ExpectedValue;
import io.influxtimescale.it.live.LiveChecks;
import io.influxtimescale.it.pipeline.PipelineChecks;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One measurement holding most of the data is read by every task: its backfill is cut into slices of a grid, each
 * slice a source partition with its own offset, dealt over all tasks, while the container itself (its live phase and
 * reconciliation) stays with one task. Stopped in the middle and resumed with another tasks.max, the slices keep their
 * progress: only the windows in flight are read twice, and TimescaleDB ends equal to InfluxDB.
 */
class SplitBackfillIT {
    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.create();
    @RegisterExtension
    static final TimescaleServer TIMESCALE = TimescaleServer.create();
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    private static final String DB = "split";
    private static final String RP = "autogen";
    private static final String TOPIC = "split." + DB;
    private static final long S = 1_000_000_000L;
    private static final long DAY = 86_400 * S;
    private static final int DAYS = 120;
    private static final List<String> HOSTS = List.of("a", "b", "c");

    private final Set<String> expected = new HashSet<>();
    private static ThrottledProxy proxy;

    @org.junit.jupiter.api.AfterAll
    static void closeProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aBigContainerIsReadInSlicesByEveryTaskAndKeepsTheirProgressAcrossAChangeOfTasks() throws Exception {
        INFLUX.query("CREATE DATABASE " + DB);
        long start = (Instant.now().getEpochSecond() / 86_400 - DAYS - 1) * DAY;
        StringBuilder lines = new StringBuilder();
        for (long t = start; t < start + DAYS * DAY; t += 120 * S) {
            for (String host : HOSTS) {
                lines.append(line("big", host, t + 7, t / S % 1000 + 0.5));
            }
            if (lines.length() > 4_000_000) {
                INFLUX.write(DB, lines.toString());
                lines.setLength(0);
            }
        }
        lines.append(line("small", "a", start + 3 * S, 1.5));
        INFLUX.write(DB, lines.toString());

        // Slow InfluxDB's answers down so the test can stop the backfill half-way, whatever the machine's speed.
        java.net.URI influx = java.net.URI.create(INFLUX.url());
        proxy = ThrottledProxy.to(influx.getHost(), influx.getPort(), 150_000);
        String database = TIMESCALE.createDatabase("split");
        ConnectRestClient rest = CONNECT.rest();
        CONNECT.createTopic(TOPIC, 3);
        rest.putConnectorConfig("sink", LiveChecks.narrowSink(TIMESCALE, database, TOPIC, "influx", 2));
        rest.putConnectorConfig("source", sourceConfig(3));

        // Every task reads slices: the big container is split into some 30 slices of 4 days, dealt over the 3 tasks.
        Fixtures.await("three source tasks", Duration.ofMinutes(1), () -> rest.tasks("source").size() == 3);
        for (JsonNode task : rest.tasks("source")) {
            // every container spanning more than one slice is split, sparse or not (the split is by time)
            assertThat(task.path("config").path("task.split").asText()).contains("/split/autogen/big",
                    "/split/autogen/small");
        }
        Fixtures.await("some slices complete", Duration.ofMinutes(2), () -> slices(rest)[0] > 0);
        rest.stop("source");
        Fixtures.await("the source to stop", Duration.ofMinutes(1),
                () -> "STOPPED".equals(rest.status("source").path("connector").path("state").asText()));
        int[] atStop = slices(rest);
        assertThat(atStop[0]).as("slices complete when stopped (of %d with offsets)", atStop[1])
                .isLessThan(DAYS / 4);

        // Resumed with another tasks.max: the slices stay the same, each resumes from its offset.
        proxy.setBytesPerSecond(0);
        rest.putConnectorConfig("source", sourceConfig(2));
        rest.resume("source");
        Fixtures.await("the big container to go live after all its slices", Duration.ofMinutes(3), () -> {
            JsonNode big = offsetOf(rest, "big");
            int[] slices = slices(rest);
            return "live".equals(big.path("phase").asText()) && slices[0] == slices[1] && slices[0] > DAYS / 4;
        });
        Fixtures.await(expected.size() + " field values in TimescaleDB, exactly InfluxDB's", Duration.ofMinutes(3),
                () -> new HashSet<>(rows(database)).equals(expected));
        assertThat(rows(database)).hasSize(expected.size());

        // A reconciliation cycle after the backfill finds every cell's tally right (slices' tallies were merged):
        // nothing more is read. Records: one per series and day, plus at most the windows in flight at the stop.
        long resumedAt = System.currentTimeMillis();
        Fixtures.await("a reconciliation after the resume", Duration.ofMinutes(3),
                () -> offsetOf(rest, "big").path("reconciled_at_ms").asLong() > resumedAt
                        && offsetOf(rest, "small").path("reconciled_at_ms").asLong() > resumedAt);
        long once = (long) DAYS * HOSTS.size() + 1;
        assertThat(records()).as("records on %s", TOPIC).isBetween(once, once + 3L * HOSTS.size());
    }

    /** {complete slices, slices with an offset} of the big container. */
    private static int[] slices(ConnectRestClient rest) {
        int done = 0;
        int seen = 0;
        for (JsonNode entry : rest.offsets("source").path("offsets")) {
            if (entry.path("partition").has("slice_start_ns")
                    && "big".equals(entry.path("partition").path("measurement").asText())) {
                seen++;
                JsonNode o = entry.path("offset");
                done += o.path("completed_until_ns").asLong() == o.path("until_ns").asLong() ? 1 : 0;
            }
        }
        return new int[] {done, seen};
    }

    private static JsonNode offsetOf(ConnectRestClient rest, String measurement) {
        for (JsonNode entry : rest.offsets("source").path("offsets")) {
            JsonNode p = entry.path("partition");
            if (measurement.equals(p.path("measurement").asText()) && !p.has("slice_start_ns")) {
                return entry.path("offset");
            }
        }
        return ConnectRestClient.object();
    }

    private static long records() throws Exception {
        var admin = CONNECT.admin();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < 3; p++) {
            request.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
        }
        long sum = 0;
        for (var e : admin.listOffsets(request).all().get().values()) {
            sum += e.offset();
        }
        return sum;
    }

    private static List<String> rows(String database) {
        try {
            return PipelineChecks.rows(TIMESCALE, database, "influx");
        } catch (java.sql.SQLException e) {
            return List.of();
        }
    }

    private String line(String m, String host, long t, double value) {
        expected.add(ExpectedValue.key(DB, RP, m, Map.of("host", host), t, "value", FieldType.FLOAT, value));
        return m + ",host=" + host + " value=" + value + " " + t + "\n";
    }

    private static Map<String, String> sourceConfig(int tasks) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.influxtimescale.source.InfluxSourceConnector");
        c.put("tasks.max", Integer.toString(tasks));
        c.put("influxdb.url", "http://127.0.0.1:" + proxy.port());
        c.put("databases.include", DB);
        c.put("topic.prefix", "split.");
        c.put("heartbeat.topic", "split_heartbeats");
        c.put("backfill.slice.duration.ms", Long.toString(4 * 86_400_000L));
        c.put("heartbeat.interval.ms", "200");
        c.put("reconcile.interval.ms", "1000");
        c.put("reconcile.query.share", "0.5");
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "1");
        return c;
    }
}
