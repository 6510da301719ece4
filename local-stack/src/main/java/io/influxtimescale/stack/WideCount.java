package io.influxtimescale.stack;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.influxtimescale.sink.sql.Identifiers;

/**
 * How many field values the wide layout holds: per measurement's hypertable (from the catalog {@code wide_tables}),
 * the non-null values of each field column ({@code wide_columns}, every kind but tags), added up. This is the number
 * InfluxDB's {@code count} gives, so the stack's progress compares like with like.
 */
final class WideCount {
    private WideCount() {
    }

    static long fieldValues(Connection c, String schema) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT t.table_schema, t.table_name, c.column_name FROM "
                     + Identifiers.qualified(schema, "wide_tables") + " t JOIN "
                     + Identifiers.qualified(schema, "wide_columns") + " c ON c.table_id = t.id "
                     + "WHERE c.kind <> 'tag' ORDER BY t.id, c.id")) {
            while (rs.next()) {
                columns.computeIfAbsent(Identifiers.qualified(rs.getString(1), rs.getString(2)),
                        k -> new ArrayList<>()).add(Identifiers.quote(rs.getString(3)));
            }
        }
        if (columns.isEmpty()) {
            return 0;
        }
        List<String> parts = new ArrayList<>();
        columns.forEach((table, cols) -> {
            List<String> counts = new ArrayList<>();
            cols.forEach(col -> counts.add("count(" + col + ")"));
            parts.add("SELECT " + String.join(" + ", counts) + " AS n FROM " + table);
        });
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(sum(n), 0) FROM (" + String.join(" UNION ALL ", parts)
                     + ") counts")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
