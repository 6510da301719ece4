package io.influxtimescale.cli.verify;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.influxtimescale.contract.FieldType;
import io.influxtimescale.source.discovery.Container;

/**
 * The target side of verify: the same aggregates as {@link InfluxSide}, computed by TimescaleDB over the rows of a
 * layout ({@link TargetRows}: one row per field value, exact nanosecond times rebuilt from {@code time} and
 * {@code time_ns}). Table names and quoting come from the sink's own SQL builders.
 */
final class TimescaleSide {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    private final TargetRows rows;
    private final long bucketNs;

    TimescaleSide(Connection connection, TargetRows rows, long bucketNs) {
        this.connection = connection;
        this.rows = rows;
        this.bucketNs = bucketNs;
    }

    /** {@code WITH r AS (...)}: the rows of one container, with exact nanosecond times. */
    private String containerRows(Container c) throws SQLException {
        return "WITH r AS (" + rows.fieldValueRows(connection, c) + ") ";
    }

    Map<BucketKey, Aggregate> aggregates(Container c, long fromNs, long untilNs) throws SQLException {
        String sql = containerRows(c) + "SELECT tags::text, field, value_type, "
                + "floor(ns::numeric / ?)::bigint * ? AS bucket, count(*), "
                + "min(value_double), max(value_double), sum(value_double), "
                + "min(value_bigint), max(value_bigint), sum(value_bigint), "
                + "min(value_numeric), max(value_numeric), sum(value_numeric), "
                + "(array_agg(value_text ORDER BY ns) FILTER (WHERE value_text IS NOT NULL))[1], "
                + "(array_agg(value_text ORDER BY ns DESC) FILTER (WHERE value_text IS NOT NULL))[1], "
                + "(array_agg(value_bool ORDER BY ns) FILTER (WHERE value_bool IS NOT NULL))[1], "
                + "(array_agg(value_bool ORDER BY ns DESC) FILTER (WHERE value_bool IS NOT NULL))[1] "
                + "FROM r WHERE ns >= ? AND ns < ? GROUP BY 1, 2, 3, 4";
        Map<BucketKey, Aggregate> out = new HashMap<>();
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            int p = rows.bind(s, c);
            s.setLong(p++, bucketNs);
            s.setLong(p++, bucketNs);
            s.setLong(p++, fromNs);
            s.setLong(p, untilNs);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    FieldType type = FieldType.fromWireName(rs.getString(3));
                    BucketKey key = BucketKey.of(tags(rs.getString(1)), rs.getString(2), type, rs.getLong(4));
                    long count = rs.getLong(5);
                    Aggregate a;
                    switch (type) {
                        case FLOAT:
                            a = Aggregate.numeric(count, rs.getObject(6), rs.getObject(7), rs.getObject(8));
                            break;
                        case INTEGER:
                            a = Aggregate.numeric(count, rs.getObject(9), rs.getObject(10), rs.getObject(11));
                            break;
                        case UNSIGNED:
                            a = Aggregate.numeric(count, integer(rs.getBigDecimal(12)), integer(rs.getBigDecimal(13)),
                                    integer(rs.getBigDecimal(14)));
                            break;
                        case STRING:
                            a = Aggregate.ordered(count, rs.getString(15), rs.getString(16));
                            break;
                        case BOOLEAN:
                            a = Aggregate.ordered(count, rs.getObject(17), rs.getObject(18));
                            break;
                        default:
                            throw new IllegalStateException("unhandled " + type);
                    }
                    out.put(key, a);
                }
            }
        }
        return out;
    }

    /** The raw values of one series' field of one type in [from, until), to pin down a mismatched bucket. */
    void rawPoints(Container c, BucketKey key, long fromNs, long untilNs, Consumer<RawPoint> sink)
            throws SQLException {
        String sql = containerRows(c)
                + "SELECT ns, value_double, value_bigint, value_numeric, value_text, value_bool FROM r "
                + "WHERE tags = ?::jsonb AND field = ? AND value_type = ? AND ns >= ? AND ns < ? ORDER BY ns";
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            int p = rows.bind(s, c);
            s.setString(p++, JSON.valueToTree(key.tags()).toString());
            s.setString(p++, key.field());
            s.setString(p++, key.type().wireName());
            s.setLong(p++, fromNs);
            s.setLong(p, untilNs);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Object value;
                    switch (key.type()) {
                        case FLOAT:
                            value = rs.getDouble(2);
                            break;
                        case INTEGER:
                            value = rs.getLong(3);
                            break;
                        case UNSIGNED:
                            value = integer(rs.getBigDecimal(4));
                            break;
                        case STRING:
                            value = rs.getString(5);
                            break;
                        default:
                            value = rs.getBoolean(6);
                    }
                    sink.accept(new RawPoint(key.tags(), rs.getLong(1), key.type(), value));
                }
            }
        }
    }

    private static Object integer(BigDecimal d) {
        return d == null ? null : d.toBigIntegerExact();
    }

    private static SortedMap<String, String> tags(String json) {
        SortedMap<String, String> tags = new TreeMap<>();
        try {
            JsonNode node = JSON.readTree(json);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                tags.put(e.getKey(), e.getValue().asText());
            }
        } catch (Exception e) {
            throw new IllegalStateException("series tags are not a JSON object: " + json, e);
        }
        return tags;
    }
}
