package io.influxtimescale.it.pipeline;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.contract.FieldType;
import io.influxtimescale.fixtures.TimescaleServer;
import io.influxtimescale.it.data.ExpectedValue;

/** What the pipeline ITs check on both ends: the source's committed progress and the narrow layout's rows. */
public final class PipelineChecks {
    private PipelineChecks() {
    }

    /** True when the source has committed offsets and every container's backfill is complete. */
    public static boolean backfillDone(ConnectRestClient rest, String source) {
        int containers = 0;
        for (JsonNode entry : rest.offsets(source).path("offsets")) {
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

    /** Rows of the narrow points table, 0 while the sink has not created it. */
    public static long rowCount(TimescaleServer timescale, String database, String schema) {
        try (Connection c = timescale.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + schema + ".points")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0;
        }
    }

    /** Every row as the same canonical text as {@link ExpectedValue#key()}; times rebuilt from time + time_ns. */
    public static List<String> rows(TimescaleServer timescale, String database, String schema) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = timescale.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT s.database, s.retention_policy, s.measurement, s.tags::text, "
                     + "s.field, s.value_type, (extract(epoch FROM p.\"time\") * 1000000)::bigint AS micros, "
                     + "p.time_ns, p.value_double, p.value_bigint, p.value_text, p.value_bool "
                     + "FROM " + schema + ".points p JOIN " + schema + ".series s ON s.id = p.series_id")) {
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
