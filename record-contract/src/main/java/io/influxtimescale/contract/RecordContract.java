package io.influxtimescale.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

/**
 * The Kafka record contract between the InfluxDB source and the TimescaleDB sink, and its only codec.
 *
 * <pre>
 * key   SeriesKey    { database, retention_policy, measurement, tags: [Tag{key, value}] sorted by key }
 * value SeriesWindow { database, retention_policy, measurement, tags,
 *                      window_start_ns, window_end_ns,          -- int64 ns, the window [start, end)
 *                      times_ns: [int64] strictly ascending,    -- ns since the epoch, may be negative
 *                      fields: [FieldColumn{ name, type, positions?: [int32],
 *                                            float_values?, integer_values?, string_values?, boolean_values? }] }
 * </pre>
 *
 * Times are plain int64 nanoseconds, never Connect's {@code Timestamp} logical type (a millisecond
 * {@code java.util.Date}). All schemas are named, optional only where a value may really be absent, and map one to
 * one onto Avro records and arrays. Decoding goes by field name, so it accepts structs from any converter (JSON with
 * schemas, Avro) and fails with a {@link DataException} naming the problem when a record does not fit.
 */
public final class RecordContract {
    /** Bumped on any incompatible change; carried as the Connect schema version. */
    public static final int VERSION = 1;
    public static final String NAMESPACE = "io.influxtimescale.contract";

    public static final Schema TAG_SCHEMA = SchemaBuilder.struct()
            .name(NAMESPACE + ".Tag").version(VERSION)
            .field("key", Schema.STRING_SCHEMA)
            .field("value", Schema.STRING_SCHEMA)
            .build();

    private static final Schema TAGS_SCHEMA = SchemaBuilder.array(TAG_SCHEMA).build();

    public static final Schema KEY_SCHEMA = SchemaBuilder.struct()
            .name(NAMESPACE + ".SeriesKey").version(VERSION)
            .doc("One InfluxDB series; tags sorted by key so the key bytes are deterministic.")
            .field("database", Schema.STRING_SCHEMA)
            .field("retention_policy", Schema.STRING_SCHEMA)
            .field("measurement", Schema.STRING_SCHEMA)
            .field("tags", TAGS_SCHEMA)
            .build();

    public static final Schema FIELD_SCHEMA = SchemaBuilder.struct()
            .name(NAMESPACE + ".FieldColumn").version(VERSION)
            .doc("The values of one field of one type; positions index times_ns, absent means every time.")
            .field("name", Schema.STRING_SCHEMA)
            .field("type", SchemaBuilder.string().doc("float, integer, unsigned, string or boolean").build())
            .field("positions", SchemaBuilder.array(Schema.INT32_SCHEMA).optional().build())
            .field("float_values", SchemaBuilder.array(Schema.FLOAT64_SCHEMA).optional().build())
            .field("integer_values", SchemaBuilder.array(Schema.INT64_SCHEMA).optional()
                    .doc("integer values; for type unsigned the same 64 bits of the unsigned value").build())
            .field("string_values", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("boolean_values", SchemaBuilder.array(Schema.BOOLEAN_SCHEMA).optional().build())
            .build();

    public static final Schema VALUE_SCHEMA = SchemaBuilder.struct()
            .name(NAMESPACE + ".SeriesWindow").version(VERSION)
            .doc("The points of one series within one time window [window_start_ns, window_end_ns).")
            .field("database", Schema.STRING_SCHEMA)
            .field("retention_policy", Schema.STRING_SCHEMA)
            .field("measurement", Schema.STRING_SCHEMA)
            .field("tags", TAGS_SCHEMA)
            .field("window_start_ns", Schema.INT64_SCHEMA)
            .field("window_end_ns", Schema.INT64_SCHEMA)
            .field("times_ns", SchemaBuilder.array(Schema.INT64_SCHEMA).build())
            .field("fields", SchemaBuilder.array(FIELD_SCHEMA).build())
            .build();

    private RecordContract() {
    }

    // ---------------------------------------------------------------- encoding

    public static Struct toKeyStruct(SeriesKey series) {
        return new Struct(KEY_SCHEMA)
                .put("database", series.database())
                .put("retention_policy", series.retentionPolicy())
                .put("measurement", series.measurement())
                .put("tags", tagStructs(series.tags()));
    }

    public static Struct toValueStruct(SeriesWindow window) {
        SeriesKey series = window.series();
        List<Long> times = new ArrayList<>(window.size());
        for (long t : window.rawTimes()) {
            times.add(t);
        }
        List<Struct> fields = new ArrayList<>(window.fields().size());
        for (FieldColumn field : window.fields()) {
            fields.add(fieldStruct(field));
        }
        return new Struct(VALUE_SCHEMA)
                .put("database", series.database())
                .put("retention_policy", series.retentionPolicy())
                .put("measurement", series.measurement())
                .put("tags", tagStructs(series.tags()))
                .put("window_start_ns", window.windowStartNs())
                .put("window_end_ns", window.windowEndNs())
                .put("times_ns", times)
                .put("fields", fields);
    }

    private static List<Struct> tagStructs(Map<String, String> tags) {
        List<Struct> out = new ArrayList<>(tags.size());
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            out.add(new Struct(TAG_SCHEMA).put("key", tag.getKey()).put("value", tag.getValue()));
        }
        return out;
    }

    private static Struct fieldStruct(FieldColumn field) {
        Struct struct = new Struct(FIELD_SCHEMA)
                .put("name", field.name())
                .put("type", field.type().wireName());
        if (!field.isDense()) {
            int[] positions = field.positions();
            List<Integer> list = new ArrayList<>(positions.length);
            for (int p : positions) {
                list.add(p);
            }
            struct.put("positions", list);
        }
        Object raw = field.rawValues();
        switch (field.type()) {
            case FLOAT: {
                double[] values = (double[]) raw;
                List<Double> list = new ArrayList<>(values.length);
                for (double v : values) {
                    list.add(v);
                }
                struct.put("float_values", list);
                break;
            }
            case INTEGER:
            case UNSIGNED: {
                long[] values = (long[]) raw;
                List<Long> list = new ArrayList<>(values.length);
                for (long v : values) {
                    list.add(v);
                }
                struct.put("integer_values", list);
                break;
            }
            case STRING:
                struct.put("string_values", List.of((String[]) raw));
                break;
            case BOOLEAN: {
                boolean[] values = (boolean[]) raw;
                List<Boolean> list = new ArrayList<>(values.length);
                for (boolean v : values) {
                    list.add(v);
                }
                struct.put("boolean_values", list);
                break;
            }
            default:
                throw new IllegalStateException("unhandled type " + field.type());
        }
        return struct;
    }

    // ---------------------------------------------------------------- decoding

    /** Decodes a record key; throws {@link DataException} naming the problem when it does not fit the contract. */
    public static SeriesKey seriesKey(Object key) {
        Struct struct = requireStruct(key, "key");
        try {
            return new SeriesKey(struct.getString("database"), struct.getString("retention_policy"),
                    struct.getString("measurement"), tags(struct));
        } catch (RuntimeException e) {
            throw new DataException("record key does not fit the contract SeriesKey v" + VERSION + ": "
                    + e.getMessage(), e);
        }
    }

    /** Decodes a record value; throws {@link DataException} naming the problem when it does not fit the contract. */
    public static SeriesWindow seriesWindow(Object value) {
        Struct struct = requireStruct(value, "value");
        try {
            SeriesKey series = new SeriesKey(struct.getString("database"), struct.getString("retention_policy"),
                    struct.getString("measurement"), tags(struct));
            List<Long> timeList = struct.getArray("times_ns");
            long[] times = new long[timeList.size()];
            for (int i = 0; i < times.length; i++) {
                times[i] = timeList.get(i);
            }
            List<Struct> fieldStructs = struct.getArray("fields");
            List<FieldColumn> fields = new ArrayList<>(fieldStructs.size());
            for (Struct field : fieldStructs) {
                fields.add(fieldColumn(field));
            }
            return new SeriesWindow(series, struct.getInt64("window_start_ns"), struct.getInt64("window_end_ns"),
                    times, fields);
        } catch (RuntimeException e) {
            throw new DataException("record value does not fit the contract SeriesWindow v" + VERSION + ": "
                    + e.getMessage(), e);
        }
    }

    private static Struct requireStruct(Object o, String what) {
        if (o instanceof Struct) {
            return (Struct) o;
        }
        throw new DataException("record " + what + " must be a Struct of the influx-timescale record contract, got "
                + (o == null ? "null" : o.getClass().getName())
                + ": configure the same converter (with schemas) for the source and the sink");
    }

    private static Map<String, String> tags(Struct struct) {
        List<Struct> tagStructs = struct.getArray("tags");
        Map<String, String> tags = new LinkedHashMap<>();
        for (Struct tag : tagStructs) {
            String key = tag.getString("key");
            if (tags.put(key, tag.getString("value")) != null) {
                throw new IllegalArgumentException("tag '" + key + "' appears twice");
            }
        }
        return tags;
    }

    private static FieldColumn fieldColumn(Struct struct) {
        String name = struct.getString("name");
        FieldType type = FieldType.fromWireName(struct.getString("type"));
        List<Integer> positionList = struct.getArray("positions");
        int[] positions = null;
        if (positionList != null) {
            positions = new int[positionList.size()];
            for (int i = 0; i < positions.length; i++) {
                positions[i] = positionList.get(i);
            }
        }
        List<?> values = struct.getArray(type.valuesField());
        if (values == null) {
            throw new IllegalArgumentException("field '" + name + "' of type " + type.wireName() + " has no "
                    + type.valuesField());
        }
        switch (type) {
            case FLOAT: {
                double[] out = new double[values.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (Double) values.get(i);
                }
                return FieldColumn.ofFloats(name, positions, out);
            }
            case INTEGER:
            case UNSIGNED: {
                long[] out = new long[values.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (Long) values.get(i);
                }
                return type == FieldType.INTEGER ? FieldColumn.ofIntegers(name, positions, out)
                        : FieldColumn.ofUnsigned(name, positions, out);
            }
            case STRING:
                return FieldColumn.ofStrings(name, positions, values.toArray(new String[0]));
            case BOOLEAN: {
                boolean[] out = new boolean[values.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (Boolean) values.get(i);
                }
                return FieldColumn.ofBooleans(name, positions, out);
            }
            default:
                throw new IllegalStateException("unhandled type " + type);
        }
    }

    // ---------------------------------------------------------------- sizing

    /**
     * A generous estimate of a window's serialized size in bytes (close to JSON with schemas, the largest of the
     * usual converters; Avro is about a third of it). The source splits windows so records stay well below Kafka's
     * default maximum message size of 1 MB.
     */
    public static long estimatedBytes(SeriesWindow window) {
        long bytes = 256;
        SeriesKey series = window.series();
        bytes += utf8(series.database()) + utf8(series.retentionPolicy()) + utf8(series.measurement());
        for (Map.Entry<String, String> tag : series.tags().entrySet()) {
            bytes += 2 * (utf8(tag.getKey()) + utf8(tag.getValue()) + 24);
        }
        bytes += 21L * window.size();
        for (FieldColumn field : window.fields()) {
            bytes += 128 + utf8(field.name()) + estimatedValueBytes(field);
        }
        return bytes;
    }

    /** Estimated bytes of one value of the given type (strings: pass the string; JSON may escape it to 6x). */
    public static long estimatedValueBytes(FieldType type, String stringValue) {
        switch (type) {
            case FLOAT:
                return 25;
            case INTEGER:
            case UNSIGNED:
                return 21;
            case BOOLEAN:
                return 6;
            case STRING:
                return 3 + 2L * utf8(stringValue);
            default:
                throw new IllegalStateException("unhandled type " + type);
        }
    }

    private static long estimatedValueBytes(FieldColumn field) {
        long bytes = field.isDense() ? 0 : 11L * field.size();
        if (field.type() == FieldType.STRING) {
            for (int i = 0; i < field.size(); i++) {
                bytes += estimatedValueBytes(FieldType.STRING, field.stringAt(i));
            }
        } else {
            bytes += field.size() * estimatedValueBytes(field.type(), null);
        }
        return bytes;
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
