package io.influxtimescale.it.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.influxtimescale.contract.FieldType;
import io.influxtimescale.contract.SeriesKey;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.connectrest.ConnectorStatus;
import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.TimescaleServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * What the sink's integration tests share: records produced in the record contract through the JsonConverter the
 * worker uses, connector deployment over REST, waiting for the sink's consumer group to catch up, and checksums.
 */
final class SinkHarness {
    static final String SINK = "io.influxtimescale.sink.TimescaleSinkConnector";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConnectFixture connect;
    private final TimescaleServer timescale;
    private final JsonConverter keyConverter = new JsonConverter();
    private final JsonConverter valueConverter = new JsonConverter();

    SinkHarness(KafkaConnectFixture connect, TimescaleServer timescale) {
        this.connect = connect;
        this.timescale = timescale;
        keyConverter.configure(Map.of("schemas.enable", "true"), true);
        valueConverter.configure(Map.of("schemas.enable", "true"), false);
    }

    /** Produces windows to a topic, keyed by series, in order; a non-null partition forces the partition. */
    void produce(String topic, Integer partition, List<SeriesWindow> windows) {
        try (KafkaProducer<byte[], byte[]> producer = connect.producer()) {
            for (SeriesWindow w : windows) {
                byte[] key = keyConverter.fromConnectData(topic, RecordContract.KEY_SCHEMA,
                        RecordContract.toKeyStruct(w.series()));
                byte[] value = valueConverter.fromConnectData(topic, RecordContract.VALUE_SCHEMA,
                        RecordContract.toValueStruct(w));
                producer.send(new ProducerRecord<>(topic, partition, key, value)).get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    /** Produces one record whose value has any schema and value (for poison records). */
    void produceRaw(String topic, Integer partition, Schema keySchema, Object key, Schema valueSchema,
                    Object value) {
        try (KafkaProducer<byte[], byte[]> producer = connect.producer()) {
            producer.send(new ProducerRecord<>(topic, partition, keyConverter.fromConnectData(topic, keySchema, key),
                    valueConverter.fromConnectData(topic, valueSchema, value))).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not produce to " + topic, e);
        }
    }

    Map<String, String> sinkConfig(String layout, String topic, String database, String schema) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", SINK);
        c.put("layout", layout);
        c.put("tasks.max", "1");
        c.put("topics", topic);
        c.put("connection.url", timescale.jdbcUrl(database));
        c.put("connection.user", TimescaleServer.USER);
        c.put("connection.password", TimescaleServer.PASSWORD);
        c.put("target.schema", schema);
        c.put("batch.linger.ms", "200");
        c.put("retry.backoff.ms", "500");
        c.put("consumer.override.max.poll.records", "500");
        return c;
    }

    void deploy(String name, Map<String, String> config) {
        connect.rest().putConnectorConfig(name, config);
        Fixtures.await("connector " + name + " and its tasks to run", Duration.ofSeconds(60), () -> {
            ConnectorStatus status = connect.rest().connectorStatus(name);
            status.failedTask().ifPresent(t -> {
                throw new AssertionError("task failed: " + t.trace());
            });
            return !status.tasks().isEmpty() && status.allRunning();
        });
    }

    /** Waits until the sink's consumer group has committed the end offset of every partition of the topic. */
    void awaitCaughtUp(String connector, String topic, Duration timeout) {
        Fixtures.await("sink " + connector + " to commit every offset of " + topic, timeout, () -> {
            assertNoFailedTask(connector);
            return lag(connector, topic) == 0;
        });
    }

    long lag(String connector, String topic) {
        try (Admin admin = connect.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("connect-" + connector)
                    .partitionsToOffsetAndMetadata().get();
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
                    : admin.listOffsets(request).all().get().entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                long end = e.getValue().offset();
                lag += end - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not read the lag of " + connector, e);
        }
    }

    void assertNoFailedTask(String connector) {
        JsonNode status = connect.rest().status(connector);
        for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                throw new AssertionError("task of " + connector + " failed: " + task.path("trace").asText());
            }
        }
    }

    /** Stops the connector, resets its offsets, resumes it: Connect replays the whole topic into the sink. */
    void replayFromScratch(String connector) {
        connect.rest().stop(connector);
        Fixtures.await("connector " + connector + " to stop", Duration.ofSeconds(60),
                () -> "STOPPED".equals(connect.rest().status(connector).path("connector").path("state").asText()));
        connect.rest().resetOffsets(connector);
        Fixtures.await("offsets of " + connector + " to be reset", Duration.ofSeconds(30),
                () -> connect.rest().offsets(connector).path("offsets").size() == 0);
        connect.rest().resume(connector);
    }

    /** Row count and an md5 over every row of the query's result, in the query's order, as text. */
    String checksum(String database, String query) throws SQLException {
        try (Connection c = timescale.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) || ':' || coalesce(md5(string_agg(q::text, '|' ORDER BY "
                     + "n)), '') FROM (SELECT row_number() OVER () AS n, x.* FROM (" + query + ") x) q")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    long count(String database, String query) throws SQLException {
        try (Connection c = timescale.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + query + ") x")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every point of the narrow layout, read back typed, as {@link Points#point} strings, sorted. */
    List<String> narrowPoints(String database, String quotedSchema) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = timescale.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT database, retention_policy, measurement, tags::text, field, "
                     + "value_type, time_epoch_ns, value_double, value_bigint, value_numeric, value_text, value_bool, "
                     + "num_nonnulls(value_double, value_bigint, value_numeric, value_text, value_bool) FROM "
                     + quotedSchema + ".series_points")) {
            while (rs.next()) {
                Map<String, String> tags;
                try {
                    tags = JSON.readValue(rs.getString(4), new TypeReference<TreeMap<String, String>>() { });
                } catch (java.io.IOException e) {
                    throw new AssertionError("tags are not JSON: " + rs.getString(4), e);
                }
                SeriesKey key = new SeriesKey(rs.getString(1), rs.getString(2), rs.getString(3), tags);
                FieldType type = FieldType.fromWireName(rs.getString(6));
                // value_double, value_bigint, value_numeric, value_text, value_bool: in FieldType order
                Object value = value(rs, 8 + type.ordinal(), type);
                assertThat(rs.getInt(13)).as("exactly one value column per row").isEqualTo(1);
                out.add(Points.point(key, rs.getString(5), type, rs.getLong(7), value));
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Every point of the wide layout, found through its catalog (wide_tables, wide_columns: nothing guessed from
     * names), read back typed, as {@link Points#point} strings, sorted.
     */
    List<String> widePoints(String database, String catalogSchema) throws SQLException {
        String cat = quote(catalogSchema);
        List<String[]> columns = new ArrayList<>();
        try (Connection c = timescale.connect(database); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT t.table_schema, t.table_name, c.kind, c.influx_name, "
                    + "c.column_name FROM " + cat + ".wide_tables t JOIN " + cat + ".wide_columns c ON c.table_id = "
                    + "t.id WHERE c.kind <> 'tag' ORDER BY c.id")) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)});
                }
            }
            List<String> out = new ArrayList<>();
            for (String[] col : columns) {
                FieldType type = FieldType.fromWireName(col[2]);
                try (ResultSet rs = s.executeQuery("SELECT s.database, s.retention_policy, s.measurement, "
                        + "s.tags::text, (extract(epoch FROM d.\"time\") * 1000000000 + d.time_ns)::bigint, d."
                        + quote(col[4]) + " FROM " + quote(col[0]) + "." + quote(col[1]) + " d JOIN " + cat
                        + ".wide_series s ON s.id = d.series_id WHERE d." + quote(col[4]) + " IS NOT NULL")) {
                    while (rs.next()) {
                        Object value = value(rs, 6, type);
                        SeriesKey key = new SeriesKey(rs.getString(1), rs.getString(2), rs.getString(3),
                                tags(rs.getString(4)));
                        out.add(Points.point(key, col[3], type, rs.getLong(5), value));
                    }
                }
            }
            out.sort(null);
            return out;
        }
    }

    /**
     * Count and md5 of the canonical rows of everything the wide layout wrote: its catalog tables by id, then every
     * hypertable (in catalog order) by (series_id, time, time_ns).
     */
    String wideChecksum(String database, String catalogSchema) throws SQLException {
        String cat = quote(catalogSchema);
        StringBuilder sb = new StringBuilder();
        for (String t : List.of("wide_series", "wide_tables", "wide_columns")) {
            sb.append(t).append('=').append(checksum(database, "SELECT * FROM " + cat + "." + t + " ORDER BY id"))
                    .append('\n');
        }
        List<String> tables = new ArrayList<>();
        try (Connection c = timescale.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_schema, table_name FROM " + cat + ".wide_tables ORDER BY "
                     + "id")) {
            while (rs.next()) {
                tables.add(quote(rs.getString(1)) + "." + quote(rs.getString(2)));
            }
        }
        for (String t : tables) {
            sb.append(t).append('=').append(checksum(database, "SELECT * FROM " + t + " ORDER BY series_id, "
                    + "\"time\", time_ns")).append('\n');
        }
        return sb.toString();
    }

    /** A value read back in the Java type {@link Points#point} expects for its InfluxDB type. */
    private static Object value(ResultSet rs, int column, FieldType type) throws SQLException {
        switch (type) {
            case FLOAT:
                return rs.getDouble(column);
            case INTEGER:
                return rs.getLong(column);
            case UNSIGNED:
                return rs.getBigDecimal(column).toBigIntegerExact();
            case STRING:
                return rs.getString(column);
            default:
                return rs.getBoolean(column);
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static Map<String, String> tags(String json) {
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (java.io.IOException e) {
            throw new AssertionError("tags are not JSON: " + json, e);
        }
    }
}
