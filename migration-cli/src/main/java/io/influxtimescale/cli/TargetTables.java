package io.influxtimescale.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.sink.layout.Layout;
import io.influxtimescale.sink.layout.narrow.NarrowLayout;
import io.influxtimescale.sink.layout.narrow.NarrowSql;
import io.influxtimescale.sink.layout.shepard.ShepardLayout;
import io.influxtimescale.sink.sql.Identifiers;

/**
 * The tables a sink layout writes, named by the layout itself, and the statements that drop them for
 * {@code itc clean --tables}. Without CASCADE: a view or foreign key of someone else's on them makes the drop fail
 * with PostgreSQL's own message instead of silently taking that object along.
 */
public final class TargetTables {
    private TargetTables() {
    }

    public static Layout layout(String layout, String schema) {
        switch (layout) {
            case NarrowLayout.NAME:
                return new NarrowLayout(schema, 7L * 24 * 3600 * 1000, 1);
            case ShepardLayout.NAME:
                return new ShepardLayout(schema, Map.of(), 1);
            default:
                throw CommandFailure.badInput("unknown layout '" + layout + "': expected one of "
                        + TimescaleSinkConfig.LAYOUTS);
        }
    }

    public static List<String> tableNames(String layout, String schema) {
        return layout(layout, schema).tableNames();
    }

    /** The narrow layout's view first (it depends on both tables), then the tables, points before catalog. */
    public static List<String> dropStatements(String layout, String schema) {
        List<String> out = new ArrayList<>();
        if (layout.equals(NarrowLayout.NAME)) {
            out.add("DROP VIEW IF EXISTS " + Identifiers.qualified(schema, NarrowSql.VIEW));
        }
        List<String> tables = new ArrayList<>(tableNames(layout, schema));
        java.util.Collections.reverse(tables);
        for (String table : tables) {
            out.add("DROP TABLE IF EXISTS " + Identifiers.qualified(schema, table));
        }
        return out;
    }
}
