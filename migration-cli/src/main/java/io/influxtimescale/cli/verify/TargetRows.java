package io.influxtimescale.cli.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.influxtimescale.sink.layout.narrow.NarrowSql;
import io.influxtimescale.sink.layout.wide.WideCatalog;
import io.influxtimescale.sink.layout.wide.WideSql;
import io.influxtimescale.sink.layout.wide.WideTable;
import io.influxtimescale.sink.sql.Identifiers;
import io.influxtimescale.source.discovery.Container;

/**
 * A layout's field values of one container as rows (tags jsonb, field, value_type, ns, value_double, value_bigint,
 * value_numeric, value_text, value_bool), the shape verify aggregates. Built from the sink's own SQL builders and,
 * for the wide layout, from its catalog: nothing is guessed from names.
 */
interface TargetRows {
    /** A query for the rows of the container; its parameters are bound by {@link #bind}. */
    String fieldValueRows(Connection connection, Container c) throws SQLException;

    /** Binds the query's parameters from index 1; returns the next free index. */
    int bind(PreparedStatement statement, Container c) throws SQLException;

    /** The layout whose tables are in the schema: wide when it has the wide catalog, else narrow. */
    static TargetRows of(Connection connection, String schema, String layout) throws SQLException {
        String chosen = layout;
        if ("auto".equals(layout)) {
            chosen = exists(connection, schema, WideSql.TABLES_TABLE) ? "wide" : "narrow";
        }
        switch (chosen) {
            case "wide":
                return new Wide(schema);
            case "narrow":
                return new Narrow(schema);
            default:
                throw new IllegalArgumentException("verify reads the wide and narrow layouts, not '" + layout + "'");
        }
    }

    private static boolean exists(Connection connection, String schema, String table) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_regclass(" + Identifiers.literal(
                     Identifiers.qualified(schema, table)) + ") IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** The narrow layout: the series catalog joined to the points hypertable. */
    final class Narrow implements TargetRows {
        private final String series;
        private final String points;

        Narrow(String schema) {
            this.series = Identifiers.qualified(schema, NarrowSql.SERIES_TABLE);
            this.points = Identifiers.qualified(schema, NarrowSql.POINTS_TABLE);
        }

        @Override
        public String fieldValueRows(Connection connection, Container c) {
            return "SELECT s.tags, s.field, s.value_type, "
                    + "(extract(epoch FROM p.\"time\") * 1000000)::bigint * 1000 + p.time_ns AS ns, "
                    + "p.value_double, p.value_bigint, p.value_numeric, p.value_text, p.value_bool "
                    + "FROM " + points + " p JOIN " + series + " s ON s.id = p.series_id "
                    + "WHERE s.database = ? AND s.retention_policy = ? AND s.measurement = ?";
        }

        @Override
        public int bind(PreparedStatement statement, Container c) throws SQLException {
            statement.setString(1, c.database());
            statement.setString(2, c.retentionPolicy());
            statement.setString(3, c.measurement());
            return 4;
        }
    }

    /** The wide layout: each field column of the measurement's hypertable, found in the catalog. */
    final class Wide implements TargetRows {
        private final String schema;
        private final WideCatalog catalog;

        Wide(String schema) {
            this.schema = schema;
            this.catalog = WideCatalog.reader(schema);
        }

        @Override
        public String fieldValueRows(Connection connection, Container c) throws SQLException {
            WideTable table = catalog.read(connection, c.database(), c.retentionPolicy(), c.measurement());
            return table == null ? WideSql.NO_FIELD_VALUE_ROWS : WideSql.fieldValueRows(schema, table);
        }

        @Override
        public int bind(PreparedStatement statement, Container c) {
            return 1;
        }
    }
}
