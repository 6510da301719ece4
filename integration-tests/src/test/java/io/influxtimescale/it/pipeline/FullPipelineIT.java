package io.influxtimescale.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.connectrest.ConnectRestClient;
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
        Fixtures.await("the source to finish its backfill", Duration.ofMinutes(3),
                () -> PipelineChecks.backfillDone(rest, "source"));
        List<String> topics = CONNECT.topics().stream().filter(t -> t.startsWith(PREFIX)).sorted()
                .collect(Collectors.toList());
        assertThat(topics).hasSize(data.databases().size());

        rest.putConnectorConfig("sink", sinkConfig(database, topics));
        List<ExpectedValue> expected = data.values();
        Fixtures.await(expected.size() + " rows in TimescaleDB", Duration.ofMinutes(3),
                () -> PipelineChecks.rowCount(TIMESCALE, database, SCHEMA) >= expected.size());

        List<String> expectedKeys = expected.stream().map(ExpectedValue::key).collect(Collectors.toList());
        List<String> migrated = PipelineChecks.rows(TIMESCALE, database, SCHEMA);
        assertThat(migrated).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expectedKeys);
        assertThat(rest.status("sink").path("tasks").findValuesAsText("state")).containsOnly("RUNNING");

        replayTopicsIntoEmptiedTables(rest, database, expected.size());
        assertThat(PipelineChecks.rows(TIMESCALE, database, SCHEMA)).hasSize(expected.size())
                .containsExactlyInAnyOrderElementsOf(expectedKeys);

        rebackfillOneDatabase(rest, database, EdgeCaseDataSet.DB_ODD, expected.size());
        assertThat(PipelineChecks.rows(TIMESCALE, database, SCHEMA)).hasSize(expected.size())
                .containsExactlyInAnyOrderElementsOf(expectedKeys);
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
                () -> PipelineChecks.rowCount(TIMESCALE, database, SCHEMA) >= expected);
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
        long remaining = PipelineChecks.rowCount(TIMESCALE, database, SCHEMA);
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
                () -> PipelineChecks.rowCount(TIMESCALE, database, SCHEMA) >= expected);
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

}
