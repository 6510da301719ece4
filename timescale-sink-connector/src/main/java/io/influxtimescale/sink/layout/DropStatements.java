package io.influxtimescale.sink.layout;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.influxtimescale.sink.layout.narrow.NarrowLayout;
import io.influxtimescale.sink.layout.narrow.NarrowSql;
import io.influxtimescale.sink.layout.wide.WideCatalog;
import io.influxtimescale.sink.layout.wide.WideLayout;
import io.influxtimescale.sink.sql.Identifiers;

/**
 * The statements that drop what a layout wrote in its schema (for {@code itc clean --tables}): the narrow layout's view
 * first (it depends on both tables); for the wide layout each measurement's view and hypertable as its catalog lists
 * them; then the layout's own tables, dependents before what they refer to. Without CASCADE: a view or foreign key
 * of someone else's on them makes the drop fail with PostgreSQL's own message instead of silently taking that object
 * along.
 */
public final class DropStatements {
    private DropStatements() {
    }

    public static List<String> of(Connection c, Layout layout, String schema) throws SQLException {
        List<String> out = new ArrayList<>();
        if (layout.name().equals(NarrowLayout.NAME)) {
            out.add(dropView(schema, NarrowSql.VIEW));
        }
        if (layout.name().equals(WideLayout.NAME) && WideCatalog.exists(c, schema)) {
            for (WideCatalog.Placement p : WideCatalog.placements(c, schema)) {
                out.add(dropView(p.schema(), p.view()));
                out.add(dropTable(p.schema(), p.table()));
            }
        }
        List<String> tables = new ArrayList<>(layout.tableNames());
        Collections.reverse(tables);
        for (String table : tables) {
            out.add(dropTable(schema, table));
        }
        return out;
    }

    private static String dropView(String schema, String view) {
        return "DROP VIEW IF EXISTS " + Identifiers.qualified(schema, view);
    }

    private static String dropTable(String schema, String table) {
        return "DROP TABLE IF EXISTS " + Identifiers.qualified(schema, table);
    }
}
