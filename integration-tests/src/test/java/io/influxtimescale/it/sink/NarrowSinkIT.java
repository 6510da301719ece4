package io.influxtimescale.it.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.TimescaleServer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The narrow layout through a real Connect worker into a real TimescaleDB. */
class NarrowSinkIT {
    @RegisterExtension
    static final TimescaleServer TIMESCALE = TimescaleServer.create();
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    private final SinkHarness harness = new SinkHarness(CONNECT, TIMESCALE);

    static final String POINTS_QUERY = "SELECT database, retention_policy, measurement, tags::text, field, "
            + "value_type, series_id, \"time\", time_ns, value_double, value_bigint, value_numeric, value_text, "
            + "value_bool FROM %s.series_points ORDER BY series_id, \"time\", time_ns";

    @Test
    void exactValuesNanosecondTimesSparseFieldsTwoTypesAndHostileNamesAndAReplayChangesNothing() throws Exception {
        String db = TIMESCALE.createDatabase("narrow_exact");
        String topic = "narrow-exact";
        CONNECT.createTopic(topic, 1);
        List<SeriesWindow> windows = Points.edgeCases();
        harness.produce(topic, null, windows);
        // a hostile schema name too: quotes, spaces, upper case, 63 bytes exactly
        String schema = "Sink \"Schema\" ü " + "s".repeat(63 - 17);
        assertThat(schema.getBytes(java.nio.charset.StandardCharsets.UTF_8)).hasSize(63);
        harness.deploy("narrow-exact", harness.sinkConfig("narrow", topic, db, schema));
        harness.awaitCaughtUp("narrow-exact", topic, Duration.ofSeconds(90));

        String quoted = "\"" + schema.replace("\"", "\"\"") + "\"";
        assertThat(harness.narrowPoints(db, quoted)).containsExactlyElementsOf(Points.expected(windows));

        try (Connection c = TIMESCALE.connect(db); Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
            // SQL on time stays natural: the timestamptz is the microsecond floor, time_ns the rest
            try (ResultSet rs = s.executeQuery("SELECT \"time\"::text, time_ns, time_bucket('1 day', \"time\")::text, "
                    + "\"time\" < now() FROM " + quoted + ".series_points WHERE field = 'usage' AND time_epoch_ns IN "
                    + "(1700000000000000001, -1) ORDER BY time_epoch_ns")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("1969-12-31 23:59:59.999999+00");
                assertThat(rs.getInt(2)).isEqualTo(999);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("2023-11-14 22:13:20+00");
                assertThat(rs.getInt(2)).isEqualTo(1);
                assertThat(rs.getString(3)).isEqualTo("2023-11-14 00:00:00+00");
                assertThat(rs.getBoolean(4)).isTrue();
            }
            // a field with two types is one catalog row per type
            try (ResultSet rs = s.executeQuery("SELECT string_agg(value_type, ',' ORDER BY value_type) FROM " + quoted
                    + ".series WHERE field = 'mixed'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("float,integer,string");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM timescaledb_information.hypertables WHERE "
                    + "hypertable_schema = " + literal(schema) + " AND hypertable_name = 'points'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }

        String before = harness.checksum(db, String.format(POINTS_QUERY, quoted));
        String catalogBefore = harness.checksum(db, "SELECT * FROM " + quoted + ".series ORDER BY id");
        harness.replayFromScratch("narrow-exact");
        harness.awaitCaughtUp("narrow-exact", topic, Duration.ofSeconds(90));
        assertThat(harness.checksum(db, String.format(POINTS_QUERY, quoted))).isEqualTo(before);
        assertThat(harness.checksum(db, "SELECT * FROM " + quoted + ".series ORDER BY id")).isEqualTo(catalogBefore);
        CONNECT.rest().delete("narrow-exact");
    }

    @Test
    void theUnnestWritePathWritesTheSameExactRowsWithoutTheGuardToo() throws Exception {
        String db = TIMESCALE.createDatabase("narrow_unnest");
        String topic = "narrow-unnest";
        CONNECT.createTopic(topic, 1);
        List<SeriesWindow> windows = Points.edgeCases();
        harness.produce(topic, null, windows);
        Map<String, String> config = harness.sinkConfig("narrow", topic, db, "influx");
        config.put("write.method", "unnest");
        config.put("write.skip.unchanged", "false");
        harness.deploy("narrow-unnest", config);
        harness.awaitCaughtUp("narrow-unnest", topic, Duration.ofSeconds(90));
        assertThat(harness.narrowPoints(db, "influx")).containsExactlyElementsOf(Points.expected(windows));
        String before = harness.checksum(db, String.format(POINTS_QUERY, "influx"));
        harness.replayFromScratch("narrow-unnest");
        harness.awaitCaughtUp("narrow-unnest", topic, Duration.ofSeconds(90));
        assertThat(harness.checksum(db, String.format(POINTS_QUERY, "influx"))).isEqualTo(before);
        CONNECT.rest().delete("narrow-unnest");
    }

    @Test
    void duplicateKeysInOneBatchLastWriteWinsAndReplayLeavesTheSameRows() throws Exception {
        String db = TIMESCALE.createDatabase("narrow_dupes");
        String topic = "narrow-dupes";
        CONNECT.createTopic(topic, 1);
        SeriesKey s = new SeriesKey("lab", "autogen", "m", Map.of("k", "v"));
        List<SeriesWindow> windows = new ArrayList<>();
        // produced before the connector starts, so one poll (one put, one batch) holds them all
        windows.add(Points.floats(s, "f", 1000, 1, 100, 0));       // t = 1000..1099, v = 0..99
        windows.add(Points.floats(s, "f", 1050, 1, 100, 1000));    // t = 1050..1149 overwrite, v = 1000..
        windows.add(Points.floats(s, "f", 1000, 2, 10, 5000));     // even t 1000..1018 again
        harness.produce(topic, null, windows);
        Map<String, String> config = harness.sinkConfig("narrow", topic, db, "influx");
        config.put("batch.linger.ms", "5000");
        harness.deploy("narrow-dupes", config);
        harness.awaitCaughtUp("narrow-dupes", topic, Duration.ofSeconds(90));

        List<String> expected = Points.expected(windows);
        assertThat(expected).hasSize(150);
        assertThat(harness.narrowPoints(db, "influx")).containsExactlyElementsOf(expected);
        String before = harness.checksum(db, String.format(POINTS_QUERY, "influx"));
        harness.replayFromScratch("narrow-dupes");
        harness.awaitCaughtUp("narrow-dupes", topic, Duration.ofSeconds(90));
        assertThat(harness.checksum(db, String.format(POINTS_QUERY, "influx"))).isEqualTo(before);
        CONNECT.rest().delete("narrow-dupes");
    }

    @Test
    void twoTasksMeetingTheSameNewSeriesAtOnceCreateOneCatalogRowEach() throws Exception {
        String db = TIMESCALE.createDatabase("narrow_race");
        String topic = "narrow-race";
        CONNECT.createTopic(topic, 2);
        List<SeriesWindow> early = new ArrayList<>();
        List<SeriesWindow> late = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            SeriesKey s = new SeriesKey("lab", "autogen", "race", Map.of("id", Integer.toString(i)));
            early.add(Points.floats(s, "f", 1_000_000L * i, 1000, 5, i));
            late.add(Points.floats(s, "f", 1_000_000L * i + 500, 1000, 5, -i));
        }
        // the same new series in both partitions: each task meets all of them at about the same time
        harness.produce(topic, 0, early);
        harness.produce(topic, 1, late);
        List<SeriesWindow> windows = new ArrayList<>(early);
        windows.addAll(late);
        Map<String, String> config = harness.sinkConfig("narrow", topic, db, "race");
        config.put("tasks.max", "2");
        harness.deploy("narrow-race", config);
        harness.awaitCaughtUp("narrow-race", topic, Duration.ofSeconds(120));

        assertThat(harness.count(db, "SELECT 1 FROM race.series")).isEqualTo(300);
        assertThat(harness.count(db, "SELECT DISTINCT tags FROM race.series")).isEqualTo(300);
        assertThat(harness.narrowPoints(db, "race")).containsExactlyElementsOf(Points.expected(windows));
        CONNECT.rest().delete("narrow-race");
    }

    @Test
    void unwritableRecordsGoToTheDeadLetterQueueAndTheRestIsWritten() throws Exception {
        String db = TIMESCALE.createDatabase("narrow_dlq");
        String topic = "narrow-dlq";
        String dlq = "narrow-dlq-dead";
        CONNECT.createTopic(topic, 1);
        CONNECT.createTopic(dlq, 1);
        SeriesKey s = new SeriesKey("lab", "autogen", "m", Map.of());
        SeriesWindow good1 = Points.floats(s, "f", 0, 10, 3, 1);
        SeriesWindow good2 = Points.floats(s, "f", 100, 10, 3, 2);
        harness.produce(topic, null, List.of(good1));
        harness.produceRaw(topic, null, RecordContract.KEY_SCHEMA, RecordContract.toKeyStruct(s),
                RecordContract.VALUE_SCHEMA, poison(s));                                         // offset 1
        harness.produce(topic, null, List.of(new SeriesWindow(s, 0, 1000, new long[] {500},      // offset 2
                List.of(FieldColumn.ofStrings("text", null, new String[] {"nul \u0000 inside"})))));
        harness.produce(topic, null, List.of(good2));
        Map<String, String> config = harness.sinkConfig("narrow", topic, db, "influx");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        harness.deploy("narrow-dlq", config);
        harness.awaitCaughtUp("narrow-dlq", topic, Duration.ofSeconds(90));

        assertThat(harness.narrowPoints(db, "influx"))
                .containsExactlyElementsOf(Points.expected(List.of(good1, good2)));
        List<ConsumerRecord<byte[], byte[]>> dead = CONNECT.consume(dlq, Duration.ofSeconds(60), false,
                r -> r.size() >= 2);
        assertThat(dead).hasSize(2);
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            reasons.add(new String(r.headers().lastHeader("__connect.errors.exception.message").value(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(new String(r.headers().lastHeader("__connect.errors.offset").value(),
                    java.nio.charset.StandardCharsets.UTF_8)).isIn("1", "2");
        }
        assertThat(reasons).anySatisfy(m -> assertThat(m).contains("not strictly ascending"))
                .anySatisfy(m -> assertThat(m).contains("NUL"));
        CONNECT.rest().delete("narrow-dlq");
    }

    @Test
    void withoutToleranceAnUnwritableRecordFailsTheTaskNamingTopicPartitionAndOffset() throws Exception {
        String db = TIMESCALE.createDatabase("narrow_fail");
        String topic = "narrow-fail";
        CONNECT.createTopic(topic, 1);
        SeriesKey s = new SeriesKey("lab", "autogen", "m", Map.of());
        harness.produce(topic, null, List.of(Points.floats(s, "f", 0, 10, 3, 1)));
        harness.produceRaw(topic, null, RecordContract.KEY_SCHEMA, RecordContract.toKeyStruct(s),
                RecordContract.VALUE_SCHEMA, poison(s));
        CONNECT.rest().putConnectorConfig("narrow-fail", harness.sinkConfig("narrow", topic, db, "influx"));
        Fixtures.await("the task to fail", Duration.ofSeconds(60), () -> {
            JsonNode tasks = CONNECT.rest().status("narrow-fail").path("tasks");
            return tasks.size() > 0 && "FAILED".equals(tasks.get(0).path("state").asText());
        });
        String trace = CONNECT.rest().status("narrow-fail").path("tasks").get(0).path("trace").asText();
        assertThat(trace).contains("topic narrow-fail, partition 0, offset 1").contains("not strictly ascending");
        CONNECT.rest().delete("narrow-fail");
    }

    /** A value with the contract's schema whose times go backwards: decodes, but can never be written. */
    private static Struct poison(SeriesKey s) {
        Struct value = RecordContract.toValueStruct(Points.floats(s, "f", 0, 10, 2, 0));
        value.put("times_ns", List.of(10L, 0L));
        return value;
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

}
