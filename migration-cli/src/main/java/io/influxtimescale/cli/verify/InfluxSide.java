package io.influxtimescale.cli.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.discovery.FieldKey;
import io.influxtimescale.source.discovery.SchemaDiscovery;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.influx.InfluxQl;
import io.influxtimescale.source.influx.QueryResponseReader;
import io.influxtimescale.source.influx.ValueKind;
import io.influxtimescale.source.plan.ShardGroup;

/**
 * The source side of verify: per (series, field, type, bucket) aggregates computed by InfluxDB itself, through the
 * source connector's own client, escaping and discovery. A field with one type is aggregated by the server
 * ({@code GROUP BY time(bucket), *}); a field whose type differs between shard groups cannot be (InfluxQL would pick
 * one type and cast or drop the rest), so its raw values are read per shard group, where {@code ::field} returns
 * each value with its stored type, and summed up here.
 */
final class InfluxSide {
    private static final int CHUNK = 10_000;

    private final InfluxHttpClient client;
    private final SchemaDiscovery schema;
    private final long bucketNs;
    private Optional<Map<String, Map<String, List<ShardGroup>>>> shardGroups;

    InfluxSide(InfluxHttpClient client, long bucketNs) {
        this.client = client;
        this.schema = new SchemaDiscovery(client, CHUNK);
        this.bucketNs = bucketNs;
    }

    SchemaDiscovery schema() {
        return schema;
    }

    /** Field names of a container with every type each one has. */
    Map<String, List<FieldType>> fields(Container c) {
        Map<String, List<FieldType>> fields = new LinkedHashMap<>();
        for (FieldKey key : schema.fieldKeys(c.database(), c.retentionPolicy(), c.measurement())) {
            fields.computeIfAbsent(key.name(), k -> new ArrayList<>()).add(key.type());
        }
        return fields;
    }

    Map<BucketKey, Aggregate> aggregates(Container c, long fromNs, long untilNs, List<String> notes) {
        Map<BucketKey, Aggregate> out = new HashMap<>();
        for (Map.Entry<String, List<FieldType>> field : fields(c).entrySet()) {
            List<FieldType> types = field.getValue();
            if (types.size() == 1) {
                serverAggregates(c, field.getKey(), types.get(0), fromNs, untilNs, out);
            } else if (groups(c).isPresent()) {
                rawPoints(c, field.getKey(), types, fromNs, untilNs, p -> {
                    BucketKey key = BucketKey.of(p.tags(), field.getKey(), p.type(),
                            BucketKey.bucketStart(p.timeNs(), bucketNs));
                    out.merge(key, single(p), (a, b) -> a.merge(b, p.type()));
                });
            } else {
                notes.add(c + " field '" + field.getKey() + "' has types " + types + " and the server offers no "
                        + "SHOW SHARDS: its values were compared by count over all types only");
                serverAggregates(c, field.getKey(), types.get(0), fromNs, untilNs, out);
            }
        }
        return out;
    }

    private void serverAggregates(Container c, String field, FieldType type, long fromNs, long untilNs,
                                  Map<BucketKey, Aggregate> out) {
        String f = InfluxQl.identifier(field) + "::field";
        boolean ordered = type == FieldType.STRING || type == FieldType.BOOLEAN;
        String select = ordered ? "count(" + f + "), first(" + f + "), last(" + f + ")"
                : "count(" + f + "), min(" + f + "), max(" + f + "), sum(" + f + ")";
        String q = "SELECT " + select + " FROM " + InfluxQl.qualifiedMeasurement(c.database(), c.retentionPolicy(),
                c.measurement()) + " WHERE time >= " + fromNs + " AND time < " + untilNs
                + " GROUP BY time(" + bucketNs + "ns), * fill(none)";
        try (QueryResponseReader r = client.query(c.database(), q, CHUNK)) {
            while (r.nextRow()) {
                long count = r.longValue(1);
                if (count == 0) {
                    continue;
                }
                BucketKey key = BucketKey.of(r.series().tags(), field, type,
                        BucketKey.bucketStart(r.longValue(0), bucketNs));
                Aggregate a = ordered ? Aggregate.ordered(count, r.value(2), r.value(3))
                        : Aggregate.numeric(count, number(r, 2, type), number(r, 3, type), number(r, 4, type));
                out.merge(key, a, (x, y) -> x.merge(y, type));
            }
        }
    }

    private static Object number(QueryResponseReader r, int column, FieldType type) {
        if (r.kind(column) == ValueKind.NULL) {
            return null;
        }
        return type == FieldType.FLOAT ? (Object) r.doubleValue(column) : (Object) r.longValue(column);
    }

    /**
     * Streams the raw values of one field of a container in {@code [fromNs, untilNs)}, each with its stored type,
     * reading one shard group at a time so that no value is cast to another type.
     */
    void rawPoints(Container c, String field, List<FieldType> types, long fromNs, long untilNs,
                   Consumer<RawPoint> sink) {
        List<long[]> pieces = new ArrayList<>();
        Optional<List<ShardGroup>> groups = groups(c);
        if (groups.isPresent()) {
            for (ShardGroup g : groups.get()) {
                long a = Math.max(fromNs, g.startNs());
                long b = Math.min(untilNs, g.endNs());
                if (a < b) {
                    pieces.add(new long[] {a, b});
                }
            }
        } else {
            pieces.add(new long[] {fromNs, untilNs});
        }
        for (long[] piece : pieces) {
            String q = InfluxQl.selectWindow(c.database(), c.retentionPolicy(), c.measurement(), List.of(field),
                    piece[0], piece[1]);
            try (QueryResponseReader r = client.query(c.database(), q, CHUNK)) {
                while (r.nextRow()) {
                    ValueKind kind = r.kind(1);
                    if (kind == ValueKind.NULL) {
                        continue;
                    }
                    FieldType type = typeOf(kind, types);
                    sink.accept(new RawPoint(BucketKey.of(r.series().tags(), field, type, 0).tags(),
                            r.longValue(0), type, value(r, type)));
                }
            }
        }
    }

    private static FieldType typeOf(ValueKind kind, List<FieldType> types) {
        switch (kind) {
            case FLOAT:
                return FieldType.FLOAT;
            case INTEGER:
                return FieldType.INTEGER;
            case UNSIGNED:
                return FieldType.UNSIGNED;
            case STRING:
                return FieldType.STRING;
            case BOOLEAN:
                return FieldType.BOOLEAN;
            case SMALL_INTEGER:
                // 0..127 look alike in msgpack for int64 and uint64: the field's own types decide.
                return types.contains(FieldType.INTEGER) || !types.contains(FieldType.UNSIGNED) ? FieldType.INTEGER
                        : FieldType.UNSIGNED;
            default:
                throw new IllegalStateException("unexpected value kind " + kind);
        }
    }

    private static Object value(QueryResponseReader r, FieldType type) {
        switch (type) {
            case FLOAT:
                return r.doubleValue(1);
            case INTEGER:
                return r.longValue(1);
            case UNSIGNED:
                return new java.math.BigInteger(Long.toUnsignedString(r.longValue(1)));
            case STRING:
                return r.stringValue(1);
            case BOOLEAN:
                return r.booleanValue(1);
            default:
                throw new IllegalStateException("unhandled " + type);
        }
    }

    private static Aggregate single(RawPoint p) {
        if (p.type() == FieldType.STRING || p.type() == FieldType.BOOLEAN) {
            return Aggregate.ordered(1, p.value(), p.value());
        }
        return Aggregate.numeric(1, p.value(), p.value(), p.value());
    }

    private Optional<List<ShardGroup>> groups(Container c) {
        if (shardGroups == null) {
            shardGroups = schema.shardGroups();
        }
        return shardGroups.map(all -> all.getOrDefault(c.database(), Map.of())
                .getOrDefault(c.retentionPolicy(), List.of()));
    }
}
