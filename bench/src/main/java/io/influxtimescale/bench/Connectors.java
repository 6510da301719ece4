package io.influxtimescale.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * The connector configs the benchmark deploys. Defaults of our connectors are left alone except where a benchmark
 * must say something: backfill only (no live phase unless measuring it), two tasks on each side (this machine's
 * cores), two partitions per topic.
 */
final class Connectors {
    static final int TASKS = 2;
    static final int PARTITIONS = 2;

    private final String influxUrl;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String registryUrl;

    Connectors(String influxUrl, String jdbcUrl, String user, String password, String registryUrl) {
        this.influxUrl = influxUrl;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.registryUrl = registryUrl;
    }

    Map<String, String> source(String topicPrefix, String database, String mode, String converter) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.influxtimescale.source.InfluxSourceConnector");
        c.put("tasks.max", Integer.toString(TASKS));
        c.put("influxdb.url", influxUrl);
        c.put("databases.include", database);
        c.put("topic.prefix", topicPrefix);
        c.put("mode", mode);
        c.put("heartbeat.topic", topicPrefix.replace('.', '_') + "heartbeats");
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", Integer.toString(PARTITIONS));
        c.putAll(converters(converter));
        return c;
    }

    /** Our sink's settings; also what {@link RawCopy} builds its layout from. */
    Map<String, String> sink(String topic, String layout, String schema, String converter) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.influxtimescale.sink.TimescaleSinkConnector");
        c.put("tasks.max", Integer.toString(TASKS));
        c.put("topics", topic);
        c.put("connection.url", jdbcUrl);
        c.put("connection.user", user);
        c.put("connection.password", password);
        c.put("target.schema", schema);
        c.put("layout", layout);
        c.put("shepard.container.ids", DataSet.DATABASE + "=1");
        c.putAll(converters(converter));
        return c;
    }

    /** Debezium variants: its defaults, and the two best settings found for it here. */
    static final String[] DEBEZIUM_VARIANTS = {"defaults", "batched", "unnest"};

    /**
     * Debezium's JDBC sink in upsert mode into {@code table} (created beforehand as a hypertable). {@code defaults}:
     * one task, its batch.size 500 and the worker's max.poll.records 500 (one INSERT ... ON CONFLICT per row in a
     * JDBC batch). {@code batched}: two tasks, batches of 5,000 both in the consumer and in the sink, and
     * reWriteBatchedInserts=true on the JDBC URL (the driver folds a batch into multi-row INSERTs). {@code unnest}:
     * two tasks, batches of 10,000, and its PostgreSQL UNNEST insert (one statement per batch, since 3.5).
     */
    Map<String, String> debezium(String topic, String table, String variant) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        c.put("topics", topic);
        c.put("connection.url", jdbcUrl);
        c.put("connection.username", user);
        c.put("connection.password", password);
        c.put("insert.mode", "upsert");
        c.put("primary.key.mode", "record_key");
        c.put("primary.key.fields", "measurement,device,time");
        c.put("schema.evolution", "none");
        c.put("collection.name.format", table);
        c.put("tasks.max", "1");
        switch (variant) {
            case "defaults":
                break;
            case "batched":
                c.put("tasks.max", Integer.toString(TASKS));
                c.put("connection.url", jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true");
                c.put("batch.size", "5000");
                c.put("consumer.override.max.poll.records", "5000");
                break;
            case "unnest":
                c.put("tasks.max", Integer.toString(TASKS));
                c.put("batch.size", "10000");
                c.put("consumer.override.max.poll.records", "10000");
                c.put("dialect.postgres.unnest.insert.enabled", "true");
                break;
            default:
                throw new IllegalArgumentException("unknown Debezium variant " + variant);
        }
        c.putAll(converters("json"));
        return c;
    }

    /** Per-connector converters: JSON with schemas, or Avro through the dev schema registry (as the local stack). */
    Map<String, String> converters(String converter) {
        Map<String, String> c = new HashMap<>();
        for (String side : new String[] {"key.converter", "value.converter"}) {
            if (converter.equals("avro")) {
                c.put(side, "io.apicurio.registry.utils.converter.AvroConverter");
                c.put(side + ".apicurio.registry.url", registryUrl);
                c.put(side + ".apicurio.registry.auto-register", "true");
                c.put(side + ".apicurio.registry.as-confluent", "true");
                c.put(side + ".apicurio.registry.use-id", "contentId");
                c.put(side + ".apicurio.registry.headers.enabled", "false");
            } else {
                c.put(side, "org.apache.kafka.connect.json.JsonConverter");
                c.put(side + ".schemas.enable", "true");
            }
        }
        return c;
    }
}
