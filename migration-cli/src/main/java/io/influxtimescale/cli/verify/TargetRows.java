package io.influxtimescale.cli.verify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import io.influxtimescale.cli.CommandFailure;
import io.influxtimescale.sink.layout.Layouts;
import io.influxtimescale.sink.layout.narrow.NarrowLayout;
import io.influxtimescale.sink.layout.narrow.NarrowSql;
import io.influxtimescale.sink.layout.wide.WideCatalog;
import io.influxtimescale.sink.layout.wide.WideLayout;
import io.influxtimescale.sink.layout.wide.WideSql;
import io.influxtimescale.sink.layout.wide.WideTable;
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

    /**
     * The layout whose tables are in the schema (auto: wide when it has the wide catalog, else narrow); a bad-input
     * failure naming the schema when it does not exist or holds neither layout's tables.
     */
    static TargetRows of(Connection connection, String schema, String layout) throws SQLException {
        if (!Layouts.schemaExists(connection, schema)) {
            throw CommandFailure.badInput("schema '" + schema + "' does not exist in this database: give --schema "
                    + "the sink's target.schema (default influx)");
        }
        String chosen = "auto".equals(layout) ? Layouts.detect(connection, schema).orElse(null) : layout;
        if (chosen == null) {
            throw CommandFailure.badInput("schema '" + schema + "' holds neither the wide layout's catalog ("
                    + WideSql.TABLES_TABLE + ") nor the narrow layout's " + NarrowSql.POINTS_TABLE + " table: "
                    + "the sink has written nothing there; give --schema the sink's target.schema");
        }
        boolean present = chosen.equals(WideLayout.NAME) ? WideCatalog.exists(connection, schema)
                : Layouts.relationExists(connection, schema, NarrowSql.POINTS_TABLE);
        if (!present) {
            throw CommandFailure.badInput("schema '" + schema + "' holds no tables of the " + chosen + " layout: "
                    + "give the sink's layout with --layout, or --layout auto");
        }
        switch (chosen) {
            case WideLayout.NAME:
                return new Wide(schema);
            case NarrowLayout.NAME:
                return new Narrow(schema);
            default:
                throw new IllegalArgumentException("verify reads the wide and narrow layouts, not '" + layout + "'");
        }
    }

    /** The narrow layout: the series catalog joined to the points hypertable. */
    final class Narrow implements TargetRows {
        private final String schema;

        Narrow(String schema) {
            this.schema = schema;
        }

        @Override
        public String fieldValueRows(Connection connection, Container c) {
            return NarrowSql.fieldValueRows(schema);
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
