package io.influxtimescale.it.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.contract.FieldType;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.TimescaleServer;
import io.influxtimescale.it.data.ExpectedValue;
import io.influxtimescale.it.live.LiveChecks;
import io.influxtimescale.it.pipeline.PipelineChecks;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reconciliation as users meet it: data the reads could not see arrives with no operator action. History bulk-loaded
 * into a container after its backfill finished (behind the live watermark, and before the container's first point),
 * a point written ten times the lateness late, points stamped in the near and the far future (one of them already
 * there when the connector started): TimescaleDB ends equal to InfluxDB, value by value and to the nanosecond. A cycle
 * that finds nothing to repair emits nothing, and a worker restart in the middle of a cycle continues that cycle
 * where it was.
 */
class ReconcileIT {
    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.create();
    @RegisterExtension
    static final TimescaleServer TIMESCALE = TimescaleServer.create();
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    private static final String DB = "rec";
    private static final String RP = "autogen";
    private static final String PREFIX = "reconcile.";
    private static final String TOPIC = PREFIX + DB;
    private static final String SCHEMA = "influx";
    private static final long S = 1_000_000_000L;
    private static final long DAY = 86_400 * S;
    private static final long LATENESS_S = 2;

    private final Set<String> expected = new HashSet<>();
    private final AtomicLong lastNs = new AtomicLong();

    @Test
    void whatTheReadsCouldNotSeeArrivesWithoutOperatorAction() throws Exception {
        INFLUX.query("CREATE DATABASE " + DB);
        long now = nowNs();
        // Two years of history, a point every 6 h per host: 730 daily cells, so a cycle takes a dozen steps.
        StringBuilder history = new StringBuilder();
        for (long t = now - 2 * 365 * DAY; t < now - DAY; t += 6 * 3600 * S) {
            for (String m : List.of("cpu", "mem")) {
                for (String host : List.of("a", "b")) {
                    history.append(line(m, host, t + 17, t / S % 1000 + 0.5, t / S));
                }
            }
        }
        INFLUX.write(DB, history.toString());
        // Already there before the connector starts, after its backfill end: the year 2200.
        INFLUX.write(DB, line("cpu", "a", 7_258_118_400L * S + 3, 2200.5, 2200));

        String database = TIMESCALE.createDatabase("reconcile");
        ConnectRestClient rest = CONNECT.rest();
        rest.putConnectorConfig("source", sourceConfig());
        Fixtures.await("the source's topic", Duration.ofMinutes(1), () -> CONNECT.topics().contains(TOPIC));
        rest.putConnectorConfig("sink", LiveChecks.narrowSink(TIMESCALE, database, TOPIC, SCHEMA, 1));
        awaitCycleAfter(rest, System.currentTimeMillis(), "the first reconciliation of every container");
        awaitEqual(database, "the backfill and the future point");

        // A cycle that finds nothing different re-reads nothing: the data topic does not grow.
        long before = endOffsets();
        awaitCycleAfter(rest, System.currentTimeMillis(), "a reconciliation that finds nothing");
        assertThat(endOffsets()).as("records on %s over a quiet cycle", TOPIC).isEqualTo(before);

        // History bulk-loaded behind the watermark, long after the backfill read that time: 3 days at 1 minute, and
        // older than the container's first point.
        StringBuilder late = new StringBuilder();
        for (long t = now - 5 * DAY; t < now - 2 * DAY; t += 60 * S) {
            late.append(line("cpu", "c", t + 1, t / S % 997 + 0.25, t / S));
        }
        late.append(line("mem", "a", now - 3 * 365 * DAY, -1.5, -1));
        INFLUX.write(DB, late.toString());
        // Ten times the lateness late, near and far future.
        INFLUX.write(DB, line("mem", "b", nowNs() - 10 * LATENESS_S * S, 10.5, 10));
        INFLUX.write(DB, line("cpu", "b", nowNs() + 1_800 * S, 1800.5, 1800));
        INFLUX.write(DB, line("mem", "a", 5_680_281_600L * S + 9, 2150.5, 2150));
        awaitEqual(database, "the bulk load, the late point and the future points, with no operator action");

        // A worker restart in the middle of a cycle: the cycle goes on from its cursor, and loses nothing.
        JsonNode running = awaitCycleInTheMiddle(rest);
        long cycle = running.path("reconcile_cycle_started_ms").asLong();
        long cursor = running.path("reconcile_cursor_ns").asLong();
        // Late into a part this cycle has not compared yet (yesterday).
        INFLUX.write(DB, line("cpu", "a", now - DAY + 5 * S, 55.5, 55));
        CONNECT.restartWorker();
        Fixtures.await("the cycle started at " + cycle + " to complete after the restart", Duration.ofMinutes(3),
                () -> {
                    JsonNode o = cpuOffset(rest);
                    if (o.path("reconcile_cycle_started_ms").asLong() == cycle) {
                        assertThat(o.path("reconcile_cursor_ns").asLong()).as("cursor after the restart")
                                .isGreaterThanOrEqualTo(cursor);
                    }
                    return o.path("reconciled_at_ms").asLong() == cycle;
                });
        awaitEqual(database, "the point written late during the interrupted cycle");
    }

    /** Waits until a cycle of cpu is running and its committed cursor is well inside its history. */
    private JsonNode awaitCycleInTheMiddle(ConnectRestClient rest) {
        Fixtures.await("a reconciliation cycle of cpu in the middle of its history", Duration.ofMinutes(3), () -> {
            JsonNode o = cpuOffset(rest);
            long cursor = o.path("reconcile_cursor_ns").asLong(Long.MIN_VALUE);
            return o.path("reconcile_cycle_started_ms").asLong() > 0 && cursor > nowNs() - 600 * DAY
                    && cursor < nowNs() - 200 * DAY;
        });
        return cpuOffset(rest);
    }

    private static JsonNode cpuOffset(ConnectRestClient rest) {
        for (JsonNode entry : rest.offsets("source").path("offsets")) {
            if ("cpu".equals(entry.path("partition").path("measurement").asText())) {
                return entry.path("offset");
            }
        }
        return ConnectRestClient.object();
    }

    /** Waits until every container has completed a reconciliation cycle that started after {@code afterMs}. */
    private static void awaitCycleAfter(ConnectRestClient rest, long afterMs, String what) {
        Fixtures.await(what, Duration.ofMinutes(3), () -> {
            int done = 0;
            for (JsonNode entry : rest.offsets("source").path("offsets")) {
                if (entry.path("partition").has("measurement")) {
                    if (entry.path("offset").path("reconciled_at_ms").asLong() <= afterMs) {
                        return false;
                    }
                    done++;
                }
            }
            return done == 2;
        });
    }

    private void awaitEqual(String database, String what) {
        Fixtures.await(expected.size() + " field values in TimescaleDB, exactly InfluxDB's: " + what,
                Duration.ofMinutes(3), () -> new HashSet<>(rows(database)).equals(expected));
        List<String> rows = rows(database);
        assertThat(rows).hasSize(expected.size());
        assertThat(new TreeSet<>(rows)).isEqualTo(new TreeSet<>(expected));
    }

    private static List<String> rows(String database) {
        try {
            return PipelineChecks.rows(TIMESCALE, database, SCHEMA);
        } catch (java.sql.SQLException e) {
            return List.of(); // the sink has not created its tables yet
        }
    }

    private static long endOffsets() throws Exception {
        var admin = CONNECT.admin();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (var p : admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC).partitions()) {
            request.put(new TopicPartition(TOPIC, p.partition()), OffsetSpec.latest());
        }
        long sum = 0;
        for (var e : admin.listOffsets(request).all().get().values()) {
            sum += e.offset();
        }
        return sum;
    }

    /** One point with a float and an integer field; both go into the expected set. */
    private String line(String m, String host, long t, double value, long n) {
        Map<String, String> tags = Map.of("host", host);
        expected.add(ExpectedValue.key(DB, RP, m, tags, t, "value", FieldType.FLOAT, value));
        expected.add(ExpectedValue.key(DB, RP, m, tags, t, "n", FieldType.INTEGER, n));
        return m + ",host=" + host + " value=" + value + ",n=" + n + "i " + t + "\n";
    }

    private long nowNs() {
        Instant now = Instant.now();
        long t = now.getEpochSecond() * S + now.getNano() + 123;
        return lastNs.updateAndGet(prev -> Math.max(prev + 1_001, t));
    }

    private static Map<String, String> sourceConfig() {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.influxtimescale.source.InfluxSourceConnector");
        c.put("tasks.max", "1");
        c.put("influxdb.url", INFLUX.url());
        c.put("databases.include", DB);
        c.put("topic.prefix", PREFIX);
        c.put("heartbeat.topic", "reconcile_heartbeats");
        c.put("mode", "backfill+live");
        c.put("live.lateness.ms", Long.toString(LATENESS_S * 1000));
        c.put("live.lateness.sweep.interval.ms", "1000");
        c.put("live.poll.interval.ms", "200");
        c.put("live.safety.delay.ms", "300");
        c.put("heartbeat.interval.ms", "300");
        c.put("reconcile.interval.ms", "2000");
        // Slow enough that a cycle over two years of daily cells takes seconds: the restart lands inside one.
        c.put("reconcile.query.share", "0.1");
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "2");
        return c;
    }
}
