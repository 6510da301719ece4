package io.influxtimescale.bench;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * The data set as flat records for Debezium's JDBC sink, which writes one row per record and cannot read our record
 * contract. "Equivalent" means: the same points with the same values, one record per point (series and time), key
 * {@code {measurement, device, time}} (the row's primary key), value {@code {measurement, device, time, temperature,
 * count, state, ok}} (the tags as columns, time as int64 nanoseconds, one typed column per field), written with the
 * same converter our sink reads in the comparison (JsonConverter with schemas). Target: a hypertable of the same
 * columns, primary key (measurement, device, time). Our sink writes the same field values from its own topic.
 */
final class FlatTopic {
    static final String TABLE_DDL = "(measurement text NOT NULL, device text NOT NULL, \"time\" bigint NOT NULL, "
            + "temperature double precision, count bigint, state text, ok boolean, "
            + "PRIMARY KEY (measurement, device, \"time\"))";

    private static final Schema KEY = SchemaBuilder.struct().name("bench.FlatKey")
            .field("measurement", Schema.STRING_SCHEMA).field("device", Schema.STRING_SCHEMA)
            .field("time", Schema.INT64_SCHEMA).build();
    private static final Schema VALUE = SchemaBuilder.struct().name("bench.FlatValue")
            .field("measurement", Schema.STRING_SCHEMA).field("device", Schema.STRING_SCHEMA)
            .field("time", Schema.INT64_SCHEMA).field("temperature", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("count", Schema.OPTIONAL_INT64_SCHEMA).field("state", Schema.OPTIONAL_STRING_SCHEMA)
            .field("ok", Schema.OPTIONAL_BOOLEAN_SCHEMA).build();

    private FlatTopic() {
    }

    /** Produces one record per point of the data set; returns the records written. */
    static long produce(String bootstrapServers, String topic, DataSet data) {
        JsonConverter keys = new JsonConverter();
        keys.configure(Map.of("schemas.enable", "true"), true);
        JsonConverter values = new JsonConverter();
        values.configure(Map.of("schemas.enable", "true"), false);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        long n = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < data.pointsPerSeries(); i++) {
                long t = data.time(i);
                for (int s = 0; s < DataSet.SERIES; s++) {
                    String m = DataSet.measurement(s);
                    String d = DataSet.device(s);
                    Struct key = new Struct(KEY).put("measurement", m).put("device", d).put("time", t);
                    Struct value = new Struct(VALUE).put("measurement", m).put("device", d).put("time", t)
                            .put("temperature", DataSet.temperature(s, i)).put("count", DataSet.count(s, i))
                            .put("state", DataSet.state(s, i)).put("ok", DataSet.ok(s, i));
                    producer.send(new ProducerRecord<>(topic, keys.fromConnectData(topic, KEY, key),
                            values.fromConnectData(topic, VALUE, value)));
                    n++;
                }
            }
            producer.flush();
        }
        return n;
    }
}
