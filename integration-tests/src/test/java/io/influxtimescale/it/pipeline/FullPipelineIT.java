package io.influxtimescale.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.contract.FieldType;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.TimescaleServer;
import io.influxtimescale.it.data.EdgeCaseDataSet;
import io.influxtimescale.it.data.ExpectedValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole pipeline as users run it: InfluxDB -> InfluxSourceConnector -> Kafka -> TimescaleSinkConnector ->
 * TimescaleDB, both connectors deployed through the Connect REST API from their plugin archives, on the data set
 * that breaks migrations. Every field value must land exactly once, with its type, its value bit for bit and its
 * time to the nanosecond.
 */
class FullPipelineIT {
    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.create();
    @RegisterExtension
    static final TimescaleServer TIMESCALE = TimescaleServer.create();
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    private static final String PREFIX = "pipeline.";
    private static final String SCHEMA = "influx";

    /**
     * One scenario, because each step starts from the state the previous one left: a complete migration, then a
     * replay of the topics into emptied tables, then a re-backfill of one database from InfluxDB.
     */
    @Test
    void migratesExactlyThenReplaysFromKafkaThenRebackfillsOneDatabase() throws Exception {
        EdgeCaseDataSet data = EdgeCaseDataSet.create();
        data.writeTo(INFLUX);
        String database = TIMESCALE.createDatabase("pipeline");
        ConnectRestClient rest = CONNECT.rest();

        rest.putConnectorConfig("source", sourceConfig());
        Fixtures.await("the source to finish its backfill", Duration.ofMinutes(3), () -> backfillDone(rest));
        List<String> topics = CONNECT.topics().stream().filter(t -> t.startsWith(PREFIX)).sorted()
                .collect(Collectors.toList());
        assertThat(topics).hasSize(data.databases().size());

        rest.putConnectorConfig("sink", sinkConfig(database, topics));
        List<ExpectedValue> expected = data.values();
        Fixtures.await(expected.size() + " rows in TimescaleDB", Duration.ofMinutes(3),
                () -> rowCount(database) >= expected.size());

        List<String> expectedKeys = expected.stream().map(ExpectedValue::key).collect(Collectors.toList());
        List<String> migrated = rows(database);
        assertThat(migrated).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expectedKeys);
        assertThat(rest.status("sink").path("tasks").findValuesAsText("state")).containsOnly("RUNNING");

        replayTopicsIntoEmptiedTables(rest, database, expected.size());
        assertThat(rows(database)).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expectedKeys);

        rebackfillOneDatabase(rest, database, EdgeCaseDataSet.DB_ODD, expected.size());
        assertThat(rows(database)).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expectedKeys);
    }

    /** The README's replay: stop the sink, empty the tables, reset its offsets, resume: Kafka alone refills. */
    private static void replayTopicsIntoEmptiedTables(ConnectRestClient rest, String database, int expected)
            throws Exception {
        rest.stop("sink");
        Fixtures.await("the sink to stop", Duration.ofMinutes(1),
                () -> "STOPPED".equals(rest.status("sink").path("connector").path("state").asText()));
        execute(database, "TRUNCATE " + SCHEMA + ".points, " + SCHEMA + ".series");
        rest.resetOffsets("sink");
        assertThat(rest.offsets("sink").path("offsets")).isEmpty();
        rest.resume("sink");
        Fixtures.await(expected + " rows replayed from Kafka", Duration.ofMinutes(3),
                () -> rowCount(database) >= expected);
    }

    /**
     * Re-backfill of one database: delete its rows in TimescaleDB, then (source stopped) delete the source offsets
     * of its partitions through PATCH /connectors/source/offsets; on resume the source reads them from InfluxDB again.
     */
    private static void rebackfillOneDatabase(ConnectRestClient rest, String database, String influxDatabase,
                                              int expected) throws Exception {
        rest.stop("source");
        Fixtures.await("the source to stop", Duration.ofMinutes(1),
                () -> "STOPPED".equals(rest.status("source").path("connector").path("state").asText()));
        execute(database, "DELETE FROM " + SCHEMA + ".points p USING " + SCHEMA + ".series s"
                + " WHERE s.id = p.series_id AND s.database = '" + influxDatabase.replace("'", "''") + "'");
        long remaining = rowCount(database);
        assertThat(remaining).isLessThan(expected);

        com.fasterxml.jackson.databind.node.ArrayNode reset = ConnectRestClient.json().createArrayNode();
        for (JsonNode entry : rest.offsets("source").path("offsets")) {
            if (influxDatabase.equals(entry.path("partition").path("database").asText())) {
                reset.addObject().<com.fasterxml.jackson.databind.node.ObjectNode>set("partition",
                        entry.path("partition").deepCopy()).putNull("offset");
            }
        }
        assertThat(reset).isNotEmpty();
        com.fasterxml.jackson.databind.node.ObjectNode body = ConnectRestClient.object();
        body.set("offsets", reset);
        rest.alterOffsets("source", body);
        rest.resume("source");
        Fixtures.await("the rows of " + influxDatabase + " to be backfilled again", Duration.ofMinutes(3),
                () -> rowCount(database) >= expected);
    }

    private static void execute(String database, String sql) throws SQLException {
        try (Connection c = TIMESCALE.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Map<String, String> sourceConfig() {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.influxtimescale.source.InfluxSourceConnector");
        c.put("tasks.max", "2");
        c.put("influxdb.url", INFLUX.url());
        c.put("topic.prefix", PREFIX);
        c.put("heartbeat.topic", "pipeline_heartbeats");
        // Small records, so that one series' window travels in several records.
        c.put("max.points.per.record", "40");
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "3");
        return c;
    }

    private static Map<String, String> sinkConfig(String database, List<String> topics) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.influxtimescale.sink.TimescaleSinkConnector");
        c.put("tasks.max", "2");
        c.put("topics", String.join(",", topics));
        c.put("connection.url", TIMESCALE.jdbcUrl(database));
        c.put("connection.user", TimescaleServer.USER);
        c.put("connection.password", TimescaleServer.PASSWORD);
        c.put("target.schema", SCHEMA);
        c.put("layout", "narrow");
        return c;
    }

    private static boolean backfillDone(ConnectRestClient rest) {
        JsonNode offsets = rest.offsets("source").path("offsets");
        int containers = 0;
        for (JsonNode entry : offsets) {
            if (!entry.path("partition").has("measurement")) {
                continue;
            }
            containers++;
            JsonNode offset = entry.path("offset");
            if (offset.path("completed_until_ns").asLong() < offset.path("until_ns").asLong()) {
                return false;
            }
        }
        return containers > 0;
    }

    private static long rowCount(String database) {
        try (Connection c = TIMESCALE.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + ".points")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0; // tables not created yet
        }
    }

    /** Every row as the same canonical text as {@link ExpectedValue#key()}; times rebuilt from time + time_ns. */
    private static List<String> rows(String database) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = TIMESCALE.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT s.database, s.retention_policy, s.measurement, s.tags::text, "
                     + "s.field, s.value_type, (extract(epoch FROM p.\"time\") * 1000000)::bigint AS micros, "
                     + "p.time_ns, p.value_double, p.value_bigint, p.value_text, p.value_bool "
                     + "FROM " + SCHEMA + ".points p JOIN " + SCHEMA + ".series s ON s.id = p.series_id")) {
            while (rs.next()) {
                FieldType type = FieldType.fromWireName(rs.getString("value_type"));
                long timeNs = Math.addExact(Math.multiplyExact(rs.getLong("micros"), 1000L), rs.getLong("time_ns"));
                rows.add(ExpectedValue.key(rs.getString("database"), rs.getString("retention_policy"),
                        rs.getString("measurement"), tags(rs.getString(4)), timeNs, rs.getString("field"), type,
                        value(rs, type)));
            }
        }
        return rows;
    }

    private static Object value(ResultSet rs, FieldType type) throws SQLException {
        switch (type) {
            case FLOAT:
                return rs.getDouble("value_double");
            case INTEGER:
                return rs.getLong("value_bigint");
            case STRING:
                return rs.getString("value_text");
            case BOOLEAN:
                return rs.getBoolean("value_bool");
            default:
                throw new AssertionError("the edge-case data set has no " + type + " values");
        }
    }

    private static Map<String, String> tags(String json) {
        JsonNode node;
        try {
            node = ConnectRestClient.json().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("tags are not JSON: " + json, e);
        }
        Map<String, String> tags = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> tag = it.next();
            tags.put(tag.getKey(), tag.getValue().asText());
        }
        return tags;
    }
}
