package io.influxtimescale.it.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.connectrest.PartitionOffset;
import io.influxtimescale.contract.FieldType;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.TimescaleServer;
import io.influxtimescale.it.data.ExpectedValue;
import io.influxtimescale.it.pipeline.PipelineChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live dual-write as users run it: the pipeline backfills, then follows an application that keeps writing to
 * InfluxDB (several series and measurements, a new measurement and a new field midway, late points within the
 * lateness, a worker restart in the middle). When the writes stop, TimescaleDB holds exactly what InfluxDB acknowledged.
 * A point later than the lateness is missed by the live phase, and a re-backfill of its range through the offsets API
 * brings it.
 */
class LiveFollowIT {
    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.create();
    @RegisterExtension
    static final TimescaleServer TIMESCALE = TimescaleServer.create();
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    private static final String DB = "live";
    private static final String RP = "autogen";
    private static final String PREFIX = "follow.";
    private static final String SCHEMA = "influx";
    private static final long LATENESS_S = 20;

    private final List<String> expected = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong lastNs = new AtomicLong();

    @Test
    void followsWritesLateOnesNewMeasurementsAndFieldsAcrossARestart() throws Exception {
        INFLUX.query("CREATE DATABASE " + DB);
        long start = nowNs();
        for (int i = 0; i < 50; i++) {
            for (String m : List.of("m0", "m1", "m2")) {
                for (String host : List.of("h0", "h1")) {
                    writeFloat(m, host, "value", start - 3_600_000_000_000L + i * 1_000_000_007L, i + 0.25);
                }
            }
        }
        String database = TIMESCALE.createDatabase("live");
        ConnectRestClient rest = CONNECT.rest();
        rest.putConnectorConfig("source", sourceConfig());
        String topic = PREFIX + DB;
        Fixtures.await("the source's topic", Duration.ofMinutes(1), () -> CONNECT.topics().contains(topic));
        rest.putConnectorConfig("sink", LiveChecks.narrowSink(TIMESCALE, database, topic, SCHEMA, 2));
        Fixtures.await("every container to go live", Duration.ofMinutes(2), () -> LiveChecks.liveContainers(rest, "source") == 3);

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong iterations = new AtomicLong();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                long i = iterations.incrementAndGet();
                long t = nowNs();
                for (String m : List.of("m0", "m1", "m2")) {
                    for (String host : List.of("h0", "h1")) {
                        writeFloat(m, host, "value", t, i + 0.5);
                    }
                }
                if (i > 20) {
                    writeFloat("m_new", "h0", "value", t, -i); // a measurement created while following
                    writeInt("m0", "h0", "extra", t, i * 1_000_003L); // a field created while following
                }
                if (i % 10 == 0) {
                    // Late, within the lateness; its own series, so it cannot land on the time of another point.
                    writeFloat("m1", "late", "value", t - (LATENESS_S / 2) * 1_000_000_000L, 1e6 + i);
                }
                sleep(100);
            }
        }, "application-writes");
        writer.start();
        try {
            Fixtures.await("the new measurement to go live", Duration.ofMinutes(2),
                    () -> LiveChecks.liveContainers(rest, "source") == 4);
            CONNECT.restartWorker();
            Fixtures.await("the source to run again", Duration.ofMinutes(1), () -> running(rest, "source"));
            long after = iterations.get();
            Fixtures.await("writes to go on after the restart", Duration.ofMinutes(1),
                    () -> iterations.get() > after + 30);
        } finally {
            writing.set(false);
            writer.join();
        }
        Fixtures.await(expected.size() + " field values in TimescaleDB, exactly those written", Duration.ofMinutes(2),
                () -> new HashSet<>(rows(database)).equals(new HashSet<>(expected)));
        assertThat(rows(database)).hasSize(expected.size())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(lagMetrics()).as("live-lag-ms of the source tasks").isNotEmpty().allMatch(v -> v >= 0);

        // A point later than the lateness: the live phase passes it by.
        long tooLate = nowNs() - 3 * LATENESS_S * 1_000_000_000L;
        String missed = writeFloat("m2", "h1", "value", tooLate, 777.5);
        long writtenAt = nowNs();
        String sentinel = writeFloat("m2", "h1", "value", writtenAt, 778.5);
        Fixtures.await("a point written after the late one", Duration.ofMinutes(1),
                () -> rows(database).contains(sentinel));
        // Meaningful once a trailing read that began after the write has ended: its range ends at (start - safety
        // delay - lateness), so a stored sweep mark at or past (write time - lateness) proves one did, and every later
        // one starts further on. The missed point lies before the marks it was written behind.
        Fixtures.await("m2's sweep mark to pass the late write's time minus the lateness", Duration.ofMinutes(1),
                () -> sweptUntilNs(rest, "m2") >= writtenAt - LATENESS_S * 1_000_000_000L);
        assertThat(rows(database)).doesNotContain(missed);

        // Re-backfill its range: with the source stopped, turn m2's offset back into a backfill from that time up to
        // its watermark; on resume the backfill reads the range again and the container goes live where it was.
        rest.stop("source");
        Fixtures.await("the source to stop", Duration.ofMinutes(1),
                () -> "STOPPED".equals(rest.status("source").path("connector").path("state").asText()));
        JsonNode m2 = null;
        for (JsonNode entry : rest.offsets("source").path("offsets")) {
            if ("m2".equals(entry.path("partition").path("measurement").asText())) {
                m2 = entry;
            }
        }
        assertThat(m2).isNotNull();
        assertThat(m2.path("offset").path("phase").asText()).isEqualTo("live");
        long watermark = m2.path("offset").path("watermark_ns").asLong();
        ObjectNode body = ConnectRestClient.object();
        ObjectNode entry = body.putArray("offsets").addObject();
        entry.set("partition", m2.path("partition").deepCopy());
        entry.putObject("offset").put("v", 1).put("phase", "backfill").put("from_ns", tooLate)
                .put("until_ns", watermark).put("completed_until_ns", tooLate);
        rest.alterOffsets("source", body);
        rest.resume("source");
        Fixtures.await("the re-backfilled point", Duration.ofMinutes(1),
                () -> rows(database).contains(missed));
        assertThat(rows(database)).hasSize(expected.size())
                .containsExactlyInAnyOrderElementsOf(expected);
        Fixtures.await("m2 to go live again", Duration.ofMinutes(1), () -> LiveChecks.liveContainers(rest, "source") == 4);
    }

    /** The sweep mark of a container in its committed offset; MIN while it has none. */
    private static long sweptUntilNs(ConnectRestClient rest, String measurement) {
        for (PartitionOffset p : rest.partitionOffsets("source")) {
            if (measurement.equals(p.partition().get("measurement")) && p.offset() != null
                    && p.offset().get("swept_until_ns") instanceof Number) {
                return ((Number) p.offset().get("swept_until_ns")).longValue();
            }
        }
        return Long.MIN_VALUE;
    }

    private static List<String> rows(String database) {
        try {
            return PipelineChecks.rows(TIMESCALE, database, SCHEMA);
        } catch (java.sql.SQLException e) {
            return List.of(); // the sink has not created its tables yet
        }
    }

    private String writeFloat(String m, String host, String field, long t, double v) {
        INFLUX.write(DB, m + ",host=" + host + " " + field + "=" + v + " " + t);
        return record(m, host, field, t, FieldType.FLOAT, v);
    }

    private String writeInt(String m, String host, String field, long t, long v) {
        INFLUX.write(DB, m + ",host=" + host + " " + field + "=" + v + "i " + t);
        return record(m, host, field, t, FieldType.INTEGER, v);
    }

    private String record(String m, String host, String field, long t, FieldType type, Object v) {
        String key = ExpectedValue.key(DB, RP, m, Map.of("host", host), t, field, type, v);
        expected.add(key);
        return key;
    }

    /** Now in ns, strictly increasing, with sub-microsecond digits so the ns part of the time is exercised. */
    private long nowNs() {
        Instant now = Instant.now();
        long t = now.getEpochSecond() * 1_000_000_000L + now.getNano() + 123;
        return lastNs.updateAndGet(prev -> Math.max(prev + 1_001, t));
    }


    private static boolean running(ConnectRestClient rest, String connector) {
        try {
            JsonNode status = rest.status(connector);
            List<String> states = status.path("tasks").findValuesAsText("state");
            return "RUNNING".equals(status.path("connector").path("state").asText()) && !states.isEmpty()
                    && states.stream().allMatch("RUNNING"::equals);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The live-lag-ms gauges the source tasks register as plugin metrics, read over JMX in this JVM. */
    private static List<Long> lagMetrics() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<Long> values = new ArrayList<>();
        for (ObjectName name : server.queryNames(new ObjectName("kafka.connect:type=plugins,*"), null)) {
            for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
                if ("live-lag-ms".equals(a.getName())) {
                    values.add(((Number) server.getAttribute(name, a.getName())).longValue());
                }
            }
        }
        return values;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> sourceConfig() {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.influxtimescale.source.InfluxSourceConnector");
        c.put("tasks.max", "2");
        c.put("influxdb.url", INFLUX.url());
        c.put("databases.include", DB);
        c.put("topic.prefix", PREFIX);
        c.put("heartbeat.topic", "follow_heartbeats");
        c.put("mode", "backfill+live");
        c.put("live.lateness.ms", Long.toString(LATENESS_S * 1000));
        c.put("live.lateness.sweep.interval.ms", "2000");
        c.put("live.poll.interval.ms", "200");
        c.put("live.safety.delay.ms", "500");
        c.put("discovery.interval.ms", "2000");
        c.put("heartbeat.interval.ms", "1000");
        // This test shows the live phase alone and the manual repair of a point later than the lateness;
        // reconciliation (ReconcileIT) would find that point by itself.
        c.put("reconcile.enabled", "false");
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "3");
        return c;
    }
}
