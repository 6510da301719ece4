package io.influxtimescale.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.contract.FieldType;
import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.SchemaRegistryServer;
import io.influxtimescale.fixtures.TimescaleServer;
import io.influxtimescale.it.data.EdgeCaseDataSet;
import io.influxtimescale.it.data.ExpectedValue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole pipeline with Avro instead of JSON: both connectors deployed through the Connect REST API with Apicurio's
 * AvroConverter (its own plugin directory on the worker's plugin.path) as their key and value converters, writing
 * Confluent's wire format against a real schema registry process (the dev-schema-registry runnable, Apicurio Registry
 * 2.4.2 with in-memory storage). The worker's own converters stay JSON: the Avro settings are per connector, taken
 * from the local-stack connector configs in connect-config/local/. Checked: the registry holds a key and a value
 * subject for every topic, every record on the topics is magic byte 0 + a 4-byte schema id the registry resolves to
 * the contract's schema, and every field value of the edge-case data set lands in TimescaleDB exactly (type, raw
 * float bits, nanosecond time).
 *
 * <p>Two bugs upstream of us showed up here first: Avro 1.12.0 decodes arrays of doubles through float (the converter
 * plugin pins 1.12.1), and Apicurio 2.4.2's in-memory storage deadlocks on concurrent first registrations (the
 * registry runs with one database connection). See docs/avro-and-registry.md.
 *
 * <p>Avro encodes a double as its 8 IEEE-754 bytes, so unlike the JSON pipeline (where Connect's JsonConverter reads
 * floats as BigDecimal, which has no negative zero) -0.0 survives: this test adds -0.0 next to 0.0 and checks both.
 */
class AvroPipelineIT {
    @RegisterExtension
    static final SchemaRegistryServer REGISTRY = SchemaRegistryServer.create();
    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.create();
    @RegisterExtension
    static final TimescaleServer TIMESCALE = TimescaleServer.create();
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    private static final String AVRO_CONVERTER = "io.apicurio.registry.utils.converter.AvroConverter";
    private static final String PREFIX = "avro.";
    private static final String HEARTBEATS = "avro_heartbeats";
    private static final String SCHEMA = "influx";

    @Test
    void everyFieldValueArrivesExactlyThroughAvroAndTheRegistry() throws Exception {
        System.out.println("schema registry ready after " + REGISTRY.startupTime().toMillis() + " ms");
        EdgeCaseDataSet data = EdgeCaseDataSet.create();
        data.writeTo(INFLUX);
        List<ExpectedValue> expected = new ArrayList<>(data.values());
        expected.addAll(writeSignedZeros());
        String database = TIMESCALE.createDatabase("avro_pipeline");
        ConnectRestClient rest = CONNECT.rest();

        rest.putConnectorConfig("avro-source", sourceConfig());
        Fixtures.await("the source to finish its backfill", Duration.ofMinutes(3),
                () -> PipelineChecks.backfillDone(rest, "avro-source"));
        List<String> topics = CONNECT.topics().stream().filter(t -> t.startsWith(PREFIX)).sorted()
                .collect(Collectors.toList());
        assertThat(topics).hasSize(data.databases().size());

        // The registry: a key and a value subject per topic (TopicIdStrategy), each the contract's record schema.
        List<String> subjects = REGISTRY.subjects();
        for (String topic : topics) {
            assertThat(subjects).contains(topic + "-key", topic + "-value");
            assertThat(recordName(REGISTRY.subjectVersion(topic + "-key", "latest").path("schema").asText()))
                    .isEqualTo(RecordContract.KEY_SCHEMA.name());
            assertThat(recordName(REGISTRY.subjectVersion(topic + "-value", "latest").path("schema").asText()))
                    .isEqualTo(RecordContract.VALUE_SCHEMA.name());
        }

        // The topics: Confluent's wire format, magic byte 0 and a 4-byte id the registry knows, on key and value.
        Set<Integer> keyIds = new HashSet<>();
        Set<Integer> valueIds = new HashSet<>();
        for (String topic : topics) {
            List<ConsumerRecord<byte[], byte[]>> records = CONNECT.consume(topic, Duration.ofMinutes(1), false,
                    r -> !r.isEmpty());
            for (ConsumerRecord<byte[], byte[]> record : records) {
                keyIds.add(confluentSchemaId(record.key(), topic + " key"));
                valueIds.add(confluentSchemaId(record.value(), topic + " value"));
            }
        }
        for (int id : keyIds) {
            assertThat(recordName(REGISTRY.schemaById(id).path("schema").asText()))
                    .as("schema id %d of the record keys", id).isEqualTo(RecordContract.KEY_SCHEMA.name());
        }
        for (int id : valueIds) {
            assertThat(recordName(REGISTRY.schemaById(id).path("schema").asText()))
                    .as("schema id %d of the record values", id).isEqualTo(RecordContract.VALUE_SCHEMA.name());
        }

        // TimescaleDB: every field value, exactly once, bit for bit and to the nanosecond.
        rest.putConnectorConfig("avro-sink", sinkConfig(database, topics));
        Fixtures.await(expected.size() + " rows in TimescaleDB", Duration.ofMinutes(3),
                () -> PipelineChecks.rowCount(TIMESCALE, database, SCHEMA) >= expected.size());
        List<String> actual = PipelineChecks.rows(TIMESCALE, database, SCHEMA);
        assertThat(actual).hasSize(expected.size());
        assertThat(actual).containsExactlyInAnyOrderElementsOf(
                expected.stream().map(ExpectedValue::key).collect(Collectors.toList()));
        assertThat(negativeZeros(database)).as("rows whose value_double is -0.0").isEqualTo(1);
        assertThat(rest.status("avro-source").path("tasks").findValuesAsText("state")).containsOnly("RUNNING");
        assertThat(rest.status("avro-sink").path("tasks").findValuesAsText("state")).containsOnly("RUNNING");
    }

    @Test
    void theConverterIsNotOnTheTestClassPath() {
        // Otherwise the worker could load it from there, and the pipeline test would not prove the plugin directory.
        assertThat(getClass().getClassLoader().getResource(AVRO_CONVERTER.replace('.', '/') + ".class")).isNull();
        assertThat(getClass().getClassLoader().getResource("org/apache/avro/Schema.class")).isNull();
    }

    /** -0.0 and 0.0 as two points of one series: equal as numbers, different bits; JSON would make both 0.0. */
    private static List<ExpectedValue> writeSignedZeros() {
        String db = EdgeCaseDataSet.DB_PLAIN;
        String rp = EdgeCaseDataSet.RP_DEFAULT;
        long t = EdgeCaseDataSet.T0 + 5;
        INFLUX.write(db, "signed_zero z=-0.0 " + t + "\nsigned_zero z=0.0 " + (t + 1) + "\n");
        return List.of(new ExpectedValue(db, rp, "signed_zero", Map.of(), t, "z", FieldType.FLOAT, -0.0d),
                new ExpectedValue(db, rp, "signed_zero", Map.of(), t + 1, "z", FieldType.FLOAT, 0.0d));
    }

    /** The 4-byte big-endian schema id after Confluent's magic byte 0; fails on anything else. */
    private static int confluentSchemaId(byte[] bytes, String what) {
        assertThat(bytes).as(what).isNotNull();
        assertThat(bytes.length).as("length of %s", what).isGreaterThan(5);
        assertThat(bytes[0]).as("magic byte of %s", what).isEqualTo((byte) 0);
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(id).as("schema id of %s", what).isPositive();
        return id;
    }

    /** The full name of an Avro record schema given as JSON text. */
    private static String recordName(String avroSchema) {
        JsonNode schema;
        try {
            schema = ConnectRestClient.json().readTree(avroSchema);
        } catch (Exception e) {
            throw new AssertionError("not an Avro schema: " + avroSchema, e);
        }
        assertThat(schema.path("type").asText()).as("type of %s", avroSchema).isEqualTo("record");
        String name = schema.path("name").asText();
        String namespace = schema.path("namespace").asText("");
        return name.contains(".") || namespace.isEmpty() ? name : namespace + "." + name;
    }

    /**
     * The key and value converter settings of a connector config in connect-config/local/, the documented local-stack
     * variant, so that what users deploy is what this test runs; only the registry URL is this test's registry's.
     */
    private static Map<String, String> avroConverters(String localConfigFile) {
        Path file = Path.of("..", "connect-config", "local", localConfigFile);
        JsonNode config;
        try {
            config = ConnectRestClient.json().readTree(file.toFile()).path("config");
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file.toAbsolutePath(), e);
        }
        Map<String, String> c = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith("key.converter") || e.getKey().startsWith("value.converter")) {
                c.put(e.getKey(), e.getValue().asText());
            }
        }
        for (String side : List.of("key.converter", "value.converter")) {
            assertThat(c).as("%s in %s", side, file).containsEntry(side, AVRO_CONVERTER)
                    .containsEntry(side + ".apicurio.registry.as-confluent", "true")
                    .containsEntry(side + ".apicurio.registry.use-id", "contentId")
                    .containsEntry(side + ".apicurio.registry.headers.enabled", "false")
                    .containsEntry(side + ".apicurio.registry.auto-register", "true")
                    .containsKey(side + ".apicurio.registry.url");
            c.put(side + ".apicurio.registry.url", REGISTRY.apicurioUrl());
        }
        return c;
    }

    private static Map<String, String> sourceConfig() {
        Map<String, String> c = avroConverters("influx-source.avro.json");
        c.put("connector.class", "io.influxtimescale.source.InfluxSourceConnector");
        c.put("tasks.max", "2");
        c.put("influxdb.url", INFLUX.url());
        c.put("topic.prefix", PREFIX);
        c.put("heartbeat.topic", HEARTBEATS);
        // Small records, so that one series' window travels in several records.
        c.put("max.points.per.record", "40");
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "3");
        return c;
    }

    private static Map<String, String> sinkConfig(String database, List<String> topics) {
        Map<String, String> c = avroConverters("timescale-sink.avro.json");
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

    /** Counted by PostgreSQL itself: the text of -0.0 is "-0", so the sign survived the JDBC write too. */
    private static long negativeZeros(String database) throws SQLException {
        try (Connection c = TIMESCALE.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + ".points WHERE value_double = 0 "
                     + "AND value_double::text = '-0'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
