package io.influxtimescale.sink.layout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.sink.layout.narrow.NarrowLayout;
import io.influxtimescale.sink.layout.narrow.NarrowSql;
import io.influxtimescale.sink.layout.shepard.ShepardLayout;
import io.influxtimescale.sink.layout.wide.WideLayout;
import io.influxtimescale.sink.layout.wide.WideSql;
import io.influxtimescale.sink.sql.Identifiers;

/** Creates the layout a configuration names, and tells which layout a schema holds (for readers). */
public final class Layouts {
    private Layouts() {
    }

    /** True when the schema exists. */
    public static boolean schemaExists(Connection c, String schema) throws SQLException {
        return trueFor(c, "SELECT to_regnamespace(?) IS NOT NULL", Identifiers.quote(schema));
    }

    /** True when a table or view of that exact name exists in the schema. */
    public static boolean relationExists(Connection c, String schema, String relation) throws SQLException {
        return trueFor(c, "SELECT to_regclass(?) IS NOT NULL", Identifiers.qualified(schema, relation));
    }

    /**
     * The readable layout whose tables the schema holds: wide when it has the wide catalog, narrow when it has the
     * points table, else empty (nothing written there, or not by this sink).
     */
    public static Optional<String> detect(Connection c, String schema) throws SQLException {
        if (relationExists(c, schema, WideSql.TABLES_TABLE)) {
            return Optional.of(WideLayout.NAME);
        }
        if (relationExists(c, schema, NarrowSql.POINTS_TABLE)) {
            return Optional.of(NarrowLayout.NAME);
        }
        return Optional.empty();
    }

    // to_regnamespace / to_regclass return NULL instead of raising for names that do not exist
    private static boolean trueFor(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    public static Layout create(TimescaleSinkConfig config) {
        switch (config.layout()) {
            case WideLayout.NAME:
                return new WideLayout(config.targetSchema(), config.wideSchemaPerDatabase(),
                        config.chunkTimeIntervalMs(), config.catalogCacheSize());
            case NarrowLayout.NAME:
                return new NarrowLayout(config.targetSchema(), config.chunkTimeIntervalMs(), config.catalogCacheSize());
            case ShepardLayout.NAME:
                return new ShepardLayout(config.targetSchema(), config.shepardContainerIds(),
                        config.catalogCacheSize());
            default:
                throw new IllegalArgumentException("unknown layout '" + config.layout() + "': expected one of "
                        + TimescaleSinkConfig.LAYOUTS);
        }
    }
}
