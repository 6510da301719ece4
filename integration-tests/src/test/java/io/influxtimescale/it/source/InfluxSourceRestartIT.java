package io.influxtimescale.it.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.connectrest.PartitionOffset;
import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaConnectFixture;

/**
 * Checkpointing through a real worker: a worker restart in the middle of a backfill loses nothing and re-sends at
 * most the window in flight; deleting one container's offset through the REST offsets API re-reads exactly that
 * container; the offsets API refuses offsets that do not fit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InfluxSourceRestartIT {
    private static final String DB = "restart_db";
    private static final String NAME = "restart-source";
    private static final String TOPIC = "rs." + DB;
    private static final long T0 = 1_600_000_000_000_000_000L;
    private static final long STEP = 10_000_000_000L; // one point per 10 s
    private static final int POINTS_PER_SERIES = 86_400; // 10 days
    private static final int SMALL_POINTS = 30;

    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.create();

    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    private static final Map<String, Integer> recordsBeforeReset = new HashMap<>();

    @BeforeAll
    static void writeData() {
        INFLUX.query("CREATE DATABASE " + DB);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < POINTS_PER_SERIES; i++) {
            for (String host : List.of("a", "b")) {
                long t = T0 + i * STEP;
                lines.append("load,host=").append(host).append(" v=").append(value(host, t)).append(",n=")
                        .append(i).append("i ").append(t).append('\n');
            }
            if (lines.length() > 2_000_000) {
                INFLUX.write(DB, lines.toString());
                lines.setLength(0);
            }
        }
        for (int i = 0; i < SMALL_POINTS; i++) {
            lines.append("small,host=z v=").append(i).append("i ").append(T0 + i * 3_600_000_000_000L).append('\n');
        }
        INFLUX.write(DB, lines.toString());
    }

    private static double value(String host, long t) {
        return (host.equals("a") ? 1 : -1) * (t / 1_000_000_000L % 100_000) / 8.0;
    }

    @Test
    @Order(1)
    void aWorkerRestartMidBackfillLosesNothingAndResendsAtMostTheWindowInFlight() {
        Map<String, String> config = SourceConnectorConfigs.base(INFLUX.url(), "rs.");
        config.put("tasks.max", "1");
        config.put("window.duration.ms", "600000");
        config.put("max.points.per.record", "20");
        CONNECT.rest().putConnectorConfig(NAME, config);

        // Restart as soon as part of the backfill has arrived.
        int seenBeforeRestart = CONNECT.consume(TOPIC, Duration.ofSeconds(90), false, r -> r.size() >= 200).size();
        CONNECT.restartWorker();

        SourceTopics topics = new SourceTopics(CONNECT);
        Map<String, Set<Long>> timesBySeries = new HashMap<>();
        Map<String, Integer> deliveries = new HashMap<>();
        List<String> badValues = new ArrayList<>();
        long expectedLoadTimes = 2L * POINTS_PER_SERIES;
        List<ConsumerRecord<byte[], byte[]>> all = CONNECT.consume(TOPIC, Duration.ofSeconds(240), false,
                new java.util.function.Predicate<>() {
                    int decoded;

                    @Override
                    public boolean test(List<ConsumerRecord<byte[], byte[]>> records) {
                        for (; decoded < records.size(); decoded++) {
                            SeriesWindow w = topics.decode(records.get(decoded)).window;
                            String series = w.series().measurement() + w.series().tags();
                            Set<Long> times = timesBySeries.computeIfAbsent(series, k -> new HashSet<>());
                            for (int i = 0; i < w.size(); i++) {
                                if (!times.add(w.timeAt(i))) {
                                    deliveries.merge(series + "@" + w.windowStartNs(), 1, Integer::sum);
                                }
                            }
                            check(w, badValues);
                        }
                        long load = timesBySeries.getOrDefault("load{host=a}", Set.of()).size()
                                + timesBySeries.getOrDefault("load{host=b}", Set.of()).size();
                        return load == expectedLoadTimes
                                && timesBySeries.getOrDefault("small{host=z}", Set.of()).size() == SMALL_POINTS;
                    }
                });

        assertThat(badValues).isEmpty();
        assertThat(seenBeforeRestart).as("the restart must hit the backfill midway").isLessThan(all.size() / 2);
        // Duplicates only come from the one window in flight when the worker stopped (tasks.max=1): at most one
        // window, of one series or of both (they share the window).
        Set<Long> windowsWithDuplicates = new HashSet<>();
        deliveries.keySet().forEach(k -> windowsWithDuplicates.add(Long.parseLong(k.substring(k.indexOf('@') + 1))));
        assertThat(windowsWithDuplicates).as("windows re-sent after the restart: %s", deliveries).hasSizeLessThanOrEqualTo(1);
        assertThat(CONNECT.rest().status(NAME).path("tasks").findValuesAsText("state")).containsOnly("RUNNING");
    }

    private static void check(SeriesWindow w, List<String> bad) {
        String host = w.series().tags().get("host");
        for (FieldColumn c : w.fields()) {
            for (int i = 0; i < c.size(); i++) {
                long t = w.timeAt(c.timeIndex(i));
                Object expected;
                if (w.series().measurement().equals("small")) {
                    expected = (t - T0) / 3_600_000_000_000L;
                } else if (c.name().equals("v")) {
                    expected = value(host, t);
                } else {
                    expected = (t - T0) / STEP;
                }
                if (!expected.equals(c.valueAt(i)) && bad.size() < 10) {
                    bad.add(w.series() + " " + c.name() + " at " + t + ": " + c.valueAt(i) + " != " + expected);
                }
            }
        }
    }

    @Test
    @Order(2)
    void offsetsShowEveryContainerCompleteAndDeletingOneReReadsIt() {
        ConnectRestClient rest = CONNECT.rest();
        // Every container reaches completed_until == until (empty windows advance it too, through heartbeats).
        Fixtures.await("every container to be complete in the offsets", Duration.ofSeconds(60), () -> {
            JsonNode offsets = rest.offsets(NAME).path("offsets");
            int complete = 0;
            for (JsonNode o : offsets) {
                JsonNode off = o.path("offset");
                if (off.path("completed_until_ns").asLong() == off.path("until_ns").asLong()) {
                    complete++;
                }
            }
            return complete == 2;
        });
        Map<String, Integer> before = recordCounts();
        recordsBeforeReset.putAll(before);

        rest.stop(NAME);
        awaitState("STOPPED");
        ObjectNode body = ConnectRestClient.object();
        ObjectNode entry = body.putArray("offsets").addObject();
        entry.putObject("partition").put("database", DB).put("retention_policy", "autogen")
                .put("measurement", "small");
        entry.putNull("offset");
        rest.alterOffsets(NAME, body);
        rest.resume(NAME);

        Map<String, Integer> after = new HashMap<>();
        CONNECT.consume(TOPIC, Duration.ofSeconds(90), false, records -> {
            after.clear();
            after.putAll(countByMeasurement(records));
            return after.getOrDefault("small", 0) >= 2 * before.get("small");
        });
        // The comparison means something once the task has nothing left to read: every container's backfill is
        // complete in the new task (its own gauge) and small's completion is committed (its records are in Kafka).
        Fixtures.await("the task to finish every container it has", Duration.ofSeconds(60),
                () -> backfillsRemaining(NAME) == 0 && smallComplete(rest));
        Map<String, Integer> settled = recordCounts();
        assertThat(settled.get("small")).isEqualTo(2 * before.get("small"));
        assertThat(settled.get("load")).isEqualTo(before.get("load"));
    }

    @Test
    @Order(3)
    void theOffsetsApiRefusesOffsetsThatDoNotFit() {
        ConnectRestClient rest = CONNECT.rest();
        rest.stop(NAME);
        awaitState("STOPPED");
        ObjectNode body = ConnectRestClient.object();
        ObjectNode entry = body.putArray("offsets").addObject();
        entry.putObject("partition").put("database", DB).put("retention_policy", "autogen")
                .put("measurement", "small");
        entry.putObject("offset").put("v", 1).put("phase", "backfill").put("from_ns", 0).put("until_ns", 10)
                .put("completed_until_ns", "soon");
        assertThatThrownBy(() -> rest.alterOffsets(NAME, body)).hasMessageContaining("completed_until_ns");

        ObjectNode badPartition = ConnectRestClient.object();
        ObjectNode e2 = badPartition.putArray("offsets").addObject();
        e2.putObject("partition").put("database", DB).put("measurement", "small");
        e2.putNull("offset");
        assertThatThrownBy(() -> rest.alterOffsets(NAME, badPartition)).hasMessageContaining("retention_policy");
        rest.resume(NAME);
    }

    private Map<String, Integer> recordCounts() {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        CONNECT.consume(TOPIC, Duration.ofSeconds(60), false, r -> {
            if (r.size() == records.size() && !r.isEmpty()) {
                return true; // nothing new in the last poll
            }
            records.clear();
            records.addAll(r);
            return false;
        });
        return countByMeasurement(records);
    }

    private static Map<String, Integer> countByMeasurement(List<ConsumerRecord<byte[], byte[]>> records) {
        SourceTopics topics = new SourceTopics(CONNECT);
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            counts.merge(topics.decode(r).key.measurement(), 1, Integer::sum);
        }
        return counts;
    }

    private static void awaitState(String state) {
        Fixtures.await("connector " + NAME + " to be " + state, Duration.ofSeconds(60),
                () -> state.equals(CONNECT.rest().status(NAME).path("connector").path("state").asText()));
    }

    /**
     * The backfill-containers-remaining gauges of the connector's running tasks (plugin metrics, read over JMX in
     * this JVM, where the embedded worker runs); -1 while no task has registered them.
     */
    private static long backfillsRemaining(String connector) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            long sum = -1;
            for (ObjectName name : server.queryNames(new ObjectName("kafka.connect:type=plugins,connector="
                    + connector + ",*"), null)) {
                Object v = server.getAttribute(name, "backfill-containers-remaining");
                sum = Math.max(sum, 0) + ((Number) v).longValue();
            }
            return sum;
        } catch (JMException e) {
            return -1;
        }
    }

    private static boolean smallComplete(ConnectRestClient rest) {
        for (PartitionOffset p : rest.partitionOffsets(NAME)) {
            if ("small".equals(p.partition().get("measurement")) && p.offset() != null) {
                return p.offset().get("completed_until_ns").equals(p.offset().get("until_ns"));
            }
        }
        return false;
    }
}
