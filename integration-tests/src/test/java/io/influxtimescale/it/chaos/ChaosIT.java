package io.influxtimescale.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.contract.FieldType;
import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.fixtures.ConnectCluster;
import io.influxtimescale.fixtures.ConnectWorkerProcess;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaBroker;
import io.influxtimescale.fixtures.ThrottledProxy;
import io.influxtimescale.fixtures.TimescaleServer;
import io.influxtimescale.it.data.ExpectedValue;
import io.influxtimescale.it.live.LiveChecks;
import io.influxtimescale.it.pipeline.PipelineChecks;

/**
 * The pipeline on a real Connect cluster under chaos: three worker processes run the source (backfill in slices, then
 * live) and the sink, both with three tasks, while workers are killed with SIGKILL (a seeded random one each time,
 * three times: twice during the backfill, each time replaced by a new worker, once during the live follow), a
 * worker is added and one stopped
 * gracefully, InfluxDB and PostgreSQL are killed with SIGKILL and started again on the same data and port, and the
 * broker is restarted on its data directory. A writer keeps writing live points throughout.
 *
 * <p>Verdict: TimescaleDB holds exactly InfluxDB's points (every value with its type and nanosecond time; nothing
 * lost, nothing extra), and the sink re-applied at most the batches in flight at each disruption: a trigger counts
 * every row the sink proposes to the points table (W), the records in the topic hold R field values (each record's
 * rows written once), and W - R is bounded by the sink tasks each disruption could catch (a kill: the tasks on the
 * killed worker; any other disruption: all of them) x 2 batches (the batch committed in the database whose offset commit
 * was in flight, and the one being written) x (batch.max.rows + the largest record).
 *
 * <p>Set {@code -Dchaos.seed=N} to repeat a run's choices; the seed is printed.
 */
class ChaosIT {
    private static final String DB = "chaos";
    private static final String RP = "autogen";
    private static final String TOPIC = "chaos." + DB;
    private static final String SCHEMA = "influx";
    private static final long S = 1_000_000_000L;
    private static final long DAY = 86_400 * S;
    private static final int DAYS = 24;
    private static final int BATCH_ROWS = 500;
    private static final int TASKS = 3;
    private static final List<String> HOSTS = List.of("a", "b", "c");

    /** The workers' logs, kept for a failed run. */
    private static final Path LOGS = Path.of("target", "chaos-logs");
    private static Path brokerDir;
    private static KafkaBroker broker;
    private static InfluxServer influx;
    private static TimescaleServer timescale;
    private static ConnectCluster connect;
    private static ThrottledProxy proxy;

    private final Set<String> expected = ConcurrentHashMap.newKeySet();
    private final Random random = new Random(seed());
    private final List<Integer> alive = new ArrayList<>();
    private int kills;
    /** Sink tasks that a disruption could have caught with a batch written and its offsets not yet committed. */
    private int tasksHit;

    private static long seed() {
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        System.out.println("ChaosIT seed: " + seed + " (repeat with -Dchaos.seed=" + seed + ")");
        return seed;
    }

    @BeforeAll
    static void startServers() throws Exception {
        brokerDir = Files.createTempDirectory("itc-chaos-kafka-");
        broker = KafkaBroker.create().withDataDir(brokerDir).withPort(Fixtures.freeLoopbackPort()).start();
        influx = InfluxServer.create().start();
        timescale = TimescaleServer.create().start();
        Fixtures.deleteTree(LOGS);
        connect = ConnectCluster.create().withBootstrapServers(broker.bootstrapServers()).withWorkers(3)
                .withDirectory(Files.createDirectories(LOGS))
                .withMaxHeap("384m")
                // a dead worker's tasks move after a few seconds; the sink's consumers notice a dead member soon
                .withWorkerProperty("scheduled.rebalance.max.delay.ms", "3000")
                .withWorkerProperty("session.timeout.ms", "6000")
                .withWorkerProperty("heartbeat.interval.ms", "2000")
                .withWorkerProperty("consumer.session.timeout.ms", "6000")
                .withWorkerProperty("consumer.heartbeat.interval.ms", "2000")
                // offsets as a production worker commits them: the sink's own commit requests bound the re-writes
                .withWorkerProperty("offset.flush.interval.ms", "10000");
        connect.start();
    }

    @AfterAll
    static void stopServers() {
        for (AutoCloseable c : new AutoCloseable[] {connect, proxy, timescale, influx, broker}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + c + ": " + e);
            }
        }
        if (brokerDir != null) {
            Fixtures.deleteTree(brokerDir);
        }
    }

    @Test
    void theTargetEqualsTheSourceAfterKilledWorkersServersAndBrokerAndTheSinkReappliesOnlyBatchesInFlight()
            throws Exception {
        influx.query("CREATE DATABASE " + DB);
        writeHistory();
        for (int i = 0; i < 3; i++) {
            alive.add(i);
        }
        URI influxUri = URI.create(influx.url());
        proxy = ThrottledProxy.to(influxUri.getHost(), influxUri.getPort(), 10_000);
        String database = timescale.createDatabase("chaos");
        ConnectRestClient rest = connect.rest();
        connect.rest().putConnectorConfig("sink", sinkConfig(database));
        Fixtures.await("the sink to create its tables", Duration.ofMinutes(1), () -> tableExists(database));
        countProposedRows(database);

        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> writeLive(writing), "chaos-live-writer");
        writer.start();
        try {
            rest.putConnectorConfig("source", sourceConfig());
            awaitAllRunning(rest, "the pipeline to run");
            Fixtures.await("the backfill to be under way", Duration.ofMinutes(2),
                    () -> PipelineChecks.rowCount(timescale, database, SCHEMA) > 0 && slicesDone(rest) > 0);

            // During the backfill: a worker killed, InfluxDB killed and started again, another worker killed.
            assertThat(PipelineChecks.backfillDone(rest, "source")).as("backfill still running").isFalse();
            killAWorker(rest, true);
            int slicesBefore = slicesDone(rest);
            log("InfluxDB: kill -9 and start on the same data and port (" + slicesBefore + " slices complete)");
            influx.kill();
            influx.start();
            Fixtures.await("the backfill to progress after InfluxDB's restart", Duration.ofMinutes(2),
                    () -> slicesDone(rest) > slicesBefore || PipelineChecks.backfillDone(rest, "source"));
            killAWorker(rest, true);
            proxy.setBytesPerSecond(0);
            Fixtures.await("every container to follow live writes", Duration.ofMinutes(3),
                    () -> PipelineChecks.backfillDone(rest, "source") && LiveChecks.liveContainers(rest, "source")
                            >= 3);

            // During the live follow: a worker killed (for good), one added, one stopped, PostgreSQL and the broker
            // restarted. Each of these may catch every sink task between a write and its offset commit.
            killAWorker(rest, false);
            log("adding a worker");
            alive.add(connect.workers().size());
            connect.addWorker();
            tasksHit += TASKS;
            awaitAllRunning(rest, "the tasks after a worker joined");
            int leaving = alive.remove(random.nextInt(alive.size()));
            log("stopping worker-" + leaving + " gracefully");
            connect.stopGracefully(leaving);
            tasksHit += TASKS;
            awaitAllRunning(rest, "the tasks after a worker left");
            log("PostgreSQL: kill -9 and start on the same data and port");
            timescale.kill();
            timescale.start();
            tasksHit += TASKS;
            awaitAllRunning(rest, "the tasks after PostgreSQL's restart");
            log("Kafka broker: stop and start on the same data directory and port");
            broker.close();
            broker.start();
            tasksHit += TASKS;
            awaitAllRunning(rest, "the tasks after the broker's restart");
            long liveBefore = expected.size();
            Fixtures.await("live points written after the last disruption", Duration.ofMinutes(1),
                    () -> expected.size() > liveBefore + 20);
        } finally {
            writing.set(false);
            writer.join(30_000);
        }

        // Verdict: TimescaleDB equals InfluxDB point by point.
        log("waiting for TimescaleDB to hold " + expected.size() + " field values");
        Fixtures.await("TimescaleDB to equal InfluxDB", Duration.ofMinutes(3),
                () -> new HashSet<>(rows(database)).equals(expected));
        List<String> rows = rows(database);
        assertThat(rows).hasSize(expected.size());
        assertThat(influxCount()).as("field values in InfluxDB").isEqualTo(expected.size());

        // The sink re-applied at most the batches in flight at each disruption.
        long[] topic = topicRows();
        long proposed = proposedRows(database);
        long reapplied = proposed - topic[0];
        long bound = (long) tasksHit * 2 * (BATCH_ROWS + topic[1]);
        log(String.format("rows proposed to the points table %,d, field values in the topic %,d, re-applied %,d; "
                + "bound %,d = %d sink tasks hit (by %d kills and 4 other disruptions) x 2 x (%d + largest record "
                + "%,d)", proposed, topic[0], reapplied, bound, tasksHit, kills, BATCH_ROWS, topic[1]));
        assertThat(bound).as("the bound is below what was written: it means something").isLessThan(topic[0] / 2);
        assertThat(kills).isGreaterThanOrEqualTo(3);
        assertThat(reapplied).as("rows the sink re-applied").isLessThanOrEqualTo(bound);
    }

    /**
     * SIGKILL of a random live worker; with {@code replace} a new worker joins at once, as an orchestrator would start
     * one (Connect gives the dead one's tasks to whichever workers are in the group when the rebalance delay has
     * passed). A new worker has a REST address of its own, so "every task on a live worker" cannot be fooled by the
     * dead worker's stale RUNNING status.
     */
    private void killAWorker(ConnectRestClient rest, boolean replace) {
        int victim = alive.get(random.nextInt(alive.size()));
        ConnectWorkerProcess w = connect.worker(victim);
        String id = w.restUrl().substring("http://".length());
        int sinkTasks = 0;
        for (JsonNode t : rest.status("sink").path("tasks")) {
            sinkTasks += id.equals(t.path("worker_id").asText()) ? 1 : 0;
        }
        log("kill -9 worker-" + victim + " (" + id + ", " + sinkTasks + " sink tasks), backfill "
                + (PipelineChecks.backfillDone(rest, "source") ? "complete" : "in progress"));
        connect.kill(victim);
        kills++;
        tasksHit += sinkTasks;
        alive.remove(Integer.valueOf(victim));
        if (replace) {
            alive.add(connect.workers().size());
            connect.addWorker();
        }
        awaitAllRunning(rest, "the tasks of worker-" + victim + " to run again");
    }

    /** Both connectors and all their tasks RUNNING, every one on a worker that is alive. */
    private void awaitAllRunning(ConnectRestClient rest, String what) {
        Set<String> aliveIds = new HashSet<>();
        for (int i : alive) {
            aliveIds.add(connect.worker(i).restUrl().substring("http://".length()));
        }
        Map<String, String> last = new ConcurrentHashMap<>();
        try {
            Fixtures.await(what, Duration.ofMinutes(3), () -> allRunningOn(rest, aliveIds, last));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "; live workers " + aliveIds + ", last status " + last
                    + "; worker logs in " + LOGS, e);
        }
    }

    private static boolean allRunningOn(ConnectRestClient rest, Set<String> aliveIds, Map<String, String> last) {
        try {
            for (String name : List.of("source", "sink")) {
                JsonNode status = rest.status(name);
                last.put(name, status.toString());
                if (!"RUNNING".equals(status.path("connector").path("state").asText())
                        || !aliveIds.contains(status.path("connector").path("worker_id").asText())
                        || status.path("tasks").isEmpty()) {
                    return false;
                }
                for (JsonNode t : status.path("tasks")) {
                    if (!"RUNNING".equals(t.path("state").asText())
                            || !aliveIds.contains(t.path("worker_id").asText())) {
                        return false;
                    }
                }
            }
            return true;
        } catch (RuntimeException e) {
            last.put("error", e.toString());
            return false; // a worker between rebalances, or the broker away
        }
    }

    private void writeHistory() {
        long start = (Instant.now().getEpochSecond() / 86_400 - DAYS - 1) * DAY;
        StringBuilder lines = new StringBuilder();
        long i = 0;
        for (long t = start; t < start + DAYS * DAY; t += 120 * S, i++) {
            for (String host : HOSTS) {
                long ts = t + 7;
                lines.append(line("cpu", host, ts, "usage", FieldType.FLOAT, i % 1000 + 0.25))
                        .append(line("cpu", host, ts, "count", FieldType.INTEGER, i * 31 - 5000));
                if (i % 4 == 0) {
                    lines.append(line("state", host, ts + 1, "msg", FieldType.STRING, "s-" + i + " ☃"))
                            .append(line("state", host, ts + 1, "up", FieldType.BOOLEAN, i % 8 == 0));
                }
            }
            if (lines.length() > 2_000_000) {
                influx.write(DB, lines.toString());
                lines.setLength(0);
            }
        }
        influx.write(DB, lines.toString());
    }

    /** Writes a point per host every 200 ms with the current time; a write InfluxDB refused is tried again as is. */
    private void writeLive(AtomicBoolean writing) {
        long n = 0;
        while (writing.get()) {
            long ts = System.currentTimeMillis() * 1_000_000L + n % 1_000_000;
            StringBuilder lines = new StringBuilder();
            List<String> keys = new ArrayList<>();
            for (String host : HOSTS) {
                lines.append(lineOnly("live", host, ts, "v", FieldType.FLOAT, n + 0.5, keys))
                        .append(lineOnly("live", host, ts, "n", FieldType.INTEGER, n, keys));
            }
            n++;
            while (true) {
                try {
                    influx.write(DB, lines.toString());
                    expected.addAll(keys);
                    break;
                } catch (RuntimeException e) {
                    if (!writing.get()) {
                        return; // never acknowledged: not expected either
                    }
                    sleep(200);
                }
            }
            sleep(200);
        }
    }

    private String line(String m, String host, long t, String field, FieldType type, Object value) {
        List<String> keys = new ArrayList<>();
        String l = lineOnly(m, host, t, field, type, value, keys);
        expected.addAll(keys);
        return l;
    }

    private static String lineOnly(String m, String host, long t, String field, FieldType type, Object value,
                                   List<String> keys) {
        keys.add(ExpectedValue.key(DB, RP, m, Map.of("host", host), t, field, type, value));
        String v;
        switch (type) {
            case INTEGER:
                v = value + "i";
                break;
            case STRING:
                v = "\"" + value + "\"";
                break;
            default:
                v = String.valueOf(value);
        }
        return m + ",host=" + host + " " + field + "=" + v + " " + t + "\n";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void log(String message) {
        System.out.println(Instant.now() + " ChaosIT: " + message);
    }

    private static int slicesDone(ConnectRestClient rest) {
        int done = 0;
        try {
            for (JsonNode entry : rest.offsets("source").path("offsets")) {
                JsonNode o = entry.path("offset");
                if (entry.path("partition").has("slice_start_ns")
                        && o.path("completed_until_ns").asLong() == o.path("until_ns").asLong()) {
                    done++;
                }
            }
        } catch (RuntimeException e) {
            return 0;
        }
        return done;
    }

    private static boolean tableExists(String database) {
        try (Connection c = timescale.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('" + SCHEMA + ".points') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            return false;
        }
    }

    /** A row trigger on the points hypertable that logs every row the sink proposes (before conflict checks). */
    private static void countProposedRows(String database) throws SQLException {
        try (Connection c = timescale.connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE public.chaos_proposed (n smallint NOT NULL)");
            s.execute("CREATE FUNCTION public.chaos_count() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN INSERT INTO public.chaos_proposed VALUES (1); RETURN NEW; END $$");
            s.execute("CREATE TRIGGER chaos_count BEFORE INSERT ON " + SCHEMA + ".points FOR EACH ROW "
                    + "EXECUTE FUNCTION public.chaos_count()");
        }
    }

    private static long proposedRows(String database) throws SQLException {
        try (Connection c = timescale.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM public.chaos_proposed")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {field values of every record in the topic, field values of the largest record}. */
    private static long[] topicRows() {
        JsonConverter values = new JsonConverter();
        values.configure(Map.of("schemas.enable", "true"), false);
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.GROUP_ID_CONFIG, "chaos-count",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        long total = 0;
        long largest = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(TOPIC).forEach(p -> partitions.add(new TopicPartition(TOPIC, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> at = new HashMap<>();
            while (partitions.stream().anyMatch(p -> at.getOrDefault(p, 0L) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    at.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                    SeriesWindow w = RecordContract.seriesWindow(values.toConnectData(TOPIC, r.value()).value());
                    total += w.fieldValueCount();
                    largest = Math.max(largest, w.fieldValueCount());
                }
            }
        }
        return new long[] {total, largest};
    }

    private static long influxCount() {
        JsonNode r = influx.query(DB, "SELECT count(*) FROM /.*/");
        long n = 0;
        for (JsonNode series : r.path("results").get(0).path("series")) {
            JsonNode row = series.path("values").get(0);
            for (int i = 1; i < row.size(); i++) {
                n += row.get(i).asLong();
            }
        }
        return n;
    }

    private static List<String> rows(String database) {
        try {
            return PipelineChecks.rows(timescale, database, SCHEMA);
        } catch (SQLException e) {
            return List.of();
        }
    }

    private static Map<String, String> sinkConfig(String database) {
        Map<String, String> c = LiveChecks.narrowSink(timescale, database, TOPIC, SCHEMA, TASKS);
        c.put("batch.max.rows", Integer.toString(BATCH_ROWS));
        c.put("batch.linger.ms", "200");
        c.put("retry.backoff.ms", "500");
        c.put("max.retries", "1000");
        return c;
    }

    private static Map<String, String> sourceConfig() {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.influxtimescale.source.InfluxSourceConnector");
        c.put("tasks.max", Integer.toString(TASKS));
        c.put("influxdb.url", "http://127.0.0.1:" + proxy.port());
        c.put("databases.include", DB);
        c.put("topic.prefix", "chaos.");
        c.put("heartbeat.topic", "chaos_heartbeats");
        c.put("mode", "backfill+live");
        c.put("backfill.slice.duration.ms", Long.toString(2 * 86_400_000L));
        c.put("window.duration.ms", Long.toString(6 * 3_600_000L)); // records of at most 180 points x 2 fields
        c.put("live.lateness.ms", "30000");
        c.put("live.lateness.sweep.interval.ms", "2000");
        c.put("live.poll.interval.ms", "300");
        c.put("live.safety.delay.ms", "500");
        c.put("discovery.interval.ms", "2000");
        c.put("heartbeat.interval.ms", "1000");
        c.put("reconcile.interval.ms", "5000");
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "3");
        return c;
    }
}
