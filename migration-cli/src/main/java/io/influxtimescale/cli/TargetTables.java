package io.influxtimescale.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.sink.layout.DropStatements;
import io.influxtimescale.sink.layout.Layout;
import io.influxtimescale.sink.layout.narrow.NarrowLayout;
import io.influxtimescale.sink.layout.shepard.ShepardLayout;
import io.influxtimescale.sink.layout.wide.WideLayout;

/**
 * The tables a sink layout writes, named by the layout itself (and, for the wide layout, by its catalog), and the
 * statements that drop them for {@code itc clean --tables} (the sink's {@link DropStatements}).
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

    /** What {@code itc clean --tables} drops: the sink's own {@link DropStatements} for the layout. */
    public static List<String> dropStatements(Connection c, String layout, String schema) throws SQLException {
        return DropStatements.of(c, layout(layout, schema), schema);
    }
}
