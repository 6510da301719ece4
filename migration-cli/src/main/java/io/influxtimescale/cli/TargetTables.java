package io.influxtimescale.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.sink.layout.Layout;
import io.influxtimescale.sink.layout.narrow.NarrowLayout;
import io.influxtimescale.sink.layout.narrow.NarrowSql;
import io.influxtimescale.sink.layout.shepard.ShepardLayout;
import io.influxtimescale.sink.layout.wide.WideLayout;
import io.influxtimescale.sink.layout.wide.WideSql;
import io.influxtimescale.sink.sql.Identifiers;

/**
 * The tables a sink layout writes, named by the layout itself (and, for the wide layout, by its catalog), and the
 * statements that drop them for {@code itc clean --tables}. Without CASCADE: a view or foreign key of someone else's on them makes the drop fail
 * with PostgreSQL's own message instead of silently taking that object along.
 */
public final class TargetTables {
    /** Chunk interval of the layouts built here: they only name tables, they never create any. */
    private static final long WEEK_MS = 7L * 24 * 3600 * 1000;
    private TargetTables() {
    }

    public static Layout layout(String layout, String schema) {
        switch (layout) {
            case WideLayout.NAME:
                return new WideLayout(schema, false, WEEK_MS, 1);
            case NarrowLayout.NAME:
                return new NarrowLayout(schema, WEEK_MS, 1);
            case ShepardLayout.NAME:
                return new ShepardLayout(schema, Map.of(), 1);
            default:
                throw CommandFailure.badInput("unknown layout '" + layout + "': expected one of "
                        + TimescaleSinkConfig.LAYOUTS);
        }
    }

    /** The layout a sink config names, or the sink's default when it names none. */
    public static String layoutOf(java.util.Map<String, String> sinkConfig) {
        return sinkConfig.getOrDefault(TimescaleSinkConfig.LAYOUT,
                (String) TimescaleSinkConfig.CONFIG_DEF.configKeys().get(TimescaleSinkConfig.LAYOUT).defaultValue);
    }

    public static List<String> tableNames(String layout, String schema) {
        return layout(layout, schema).tableNames();
    }

    /**
     * The statements that drop what a layout wrote: the narrow layout's view first (it depends on both tables); for
     * the wide layout each measurement's view and hypertable as its catalog lists them; then the layout's own
     * tables, dependents before what they refer to.
     */
    public static List<String> dropStatements(Connection c, String layout, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        if (layout.equals(NarrowLayout.NAME)) {
            out.add("DROP VIEW IF EXISTS " + Identifiers.qualified(schema, NarrowSql.VIEW));
        }
        if (layout.equals(WideLayout.NAME) && exists(c, schema, WideSql.TABLES_TABLE)) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT table_schema, "
                    + "table_name, view_name FROM " + Identifiers.qualified(schema, WideSql.TABLES_TABLE)
                    + " ORDER BY id")) {
                while (rs.next()) {
                    out.add("DROP VIEW IF EXISTS " + Identifiers.qualified(rs.getString(1), rs.getString(3)));
                    out.add("DROP TABLE IF EXISTS " + Identifiers.qualified(rs.getString(1), rs.getString(2)));
                }
            }
        }
        List<String> tables = new ArrayList<>(tableNames(layout, schema));
        Collections.reverse(tables);
        for (String table : tables) {
            out.add("DROP TABLE IF EXISTS " + Identifiers.qualified(schema, table));
        }
        return out;
    }

    private static boolean exists(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_tables WHERE schemaname = ? "
                + "AND tablename = ?")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
