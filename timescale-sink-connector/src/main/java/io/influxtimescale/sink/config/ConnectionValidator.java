package io.influxtimescale.sink.config;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

import io.influxtimescale.sink.write.Connections;

/**
 * Connects with the given settings and reports each problem on the setting that causes it: unreachable server or
 * unknown database on {@code connection.url}, bad credentials on {@code connection.user}/{@code
 * connection.password}, TimescaleDB missing or not creatable on {@code connection.url}, missing privileges on
 * {@code target.schema}.
 */
public final class ConnectionValidator {
    private ConnectionValidator() {
    }

    /**
     * @param tables the tables the layout writes to in the target schema
     */
    public static void validate(Map<String, ConfigValue> values, List<String> tables) {
        String url = (String) values.get(TimescaleSinkConfig.CONNECTION_URL).value();
        String user = (String) values.get(TimescaleSinkConfig.CONNECTION_USER).value();
        Password password = (Password) values.get(TimescaleSinkConfig.CONNECTION_PASSWORD).value();
        String schema = (String) values.get(TimescaleSinkConfig.TARGET_SCHEMA).value();
        SessionSettings session = new SessionSettings(
                (Long) values.get(TimescaleSinkConfig.CONNECTION_SOCKET_TIMEOUT_MS).value(),
                (Long) values.get(TimescaleSinkConfig.CONNECTION_STATEMENT_TIMEOUT_MS).value(),
                (Long) values.get(TimescaleSinkConfig.CONNECTION_LOCK_TIMEOUT_MS).value());
        try (Connection c = Connections.open(url, user, password, session)) {
            checkTimescale(c, values);
            checkPrivileges(c, schema, tables, values);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.equals("28P01")) {
                error(values, TimescaleSinkConfig.CONNECTION_PASSWORD, "authentication failed for user '" + user
                        + "': " + e.getMessage());
            } else if (state.startsWith("28")) {
                error(values, TimescaleSinkConfig.CONNECTION_USER, "the server refuses user '" + user + "': "
                        + e.getMessage());
            } else if (state.equals("3D000")) {
                error(values, TimescaleSinkConfig.CONNECTION_URL, "database does not exist: " + e.getMessage());
            } else if (state.startsWith("08")) {
                error(values, TimescaleSinkConfig.CONNECTION_URL, "cannot reach the server: " + e.getMessage());
            } else {
                error(values, TimescaleSinkConfig.CONNECTION_URL, "cannot connect (SQLSTATE " + state + "): "
                        + e.getMessage());
            }
        }
    }

    private static void checkTimescale(Connection c, Map<String, ConfigValue> values) throws SQLException {
        if (queryExists(c, "SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
            return;
        }
        if (!queryExists(c, "SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")) {
            error(values, TimescaleSinkConfig.CONNECTION_URL, "the TimescaleDB extension is not installed on this "
                    + "PostgreSQL server (not in pg_available_extensions)");
            return;
        }
        // try creating it, then roll back: the only exact answer (privileges, shared_preload_libraries)
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
        } catch (SQLException e) {
            String field = "42501".equals(e.getSQLState()) ? TimescaleSinkConfig.CONNECTION_USER
                    : TimescaleSinkConfig.CONNECTION_URL;
            error(values, field, "the TimescaleDB extension is not created in this database and cannot be created "
                    + "by this user (ask an administrator to run CREATE EXTENSION timescaledb): " + e.getMessage());
        } finally {
            c.rollback();
            c.setAutoCommit(autoCommit);
        }
    }

    private static void checkPrivileges(Connection c, String schema, List<String> tables,
                                        Map<String, ConfigValue> values) throws SQLException {
        List<String> problems = new ArrayList<>();
        boolean schemaExists;
        try (PreparedStatement ps = c.prepareStatement("SELECT has_schema_privilege(oid, 'USAGE'), "
                + "has_schema_privilege(oid, 'CREATE') FROM pg_namespace WHERE nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                schemaExists = rs.next();
                if (schemaExists) {
                    if (!rs.getBoolean(1)) {
                        problems.add("USAGE on schema '" + schema + "'");
                    }
                    if (!rs.getBoolean(2) && !allTablesExist(c, schema, tables)) {
                        problems.add("CREATE on schema '" + schema + "' (to create its tables)");
                    }
                }
            }
        }
        if (!schemaExists) {
            if (!queryExists(c, "SELECT 1 WHERE has_database_privilege(current_database(), 'CREATE')")) {
                problems.add("CREATE on the database (to create schema '" + schema + "')");
            }
        } else {
            for (String table : tables) {
                try (PreparedStatement ps = c.prepareStatement("SELECT has_table_privilege(cl.oid, 'SELECT'), "
                        + "has_table_privilege(cl.oid, 'INSERT'), has_table_privilege(cl.oid, 'UPDATE') "
                        + "FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace "
                        + "WHERE n.nspname = ? AND cl.relname = ?")) {
                    ps.setString(1, schema);
                    ps.setString(2, table);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && !(rs.getBoolean(1) && rs.getBoolean(2) && rs.getBoolean(3))) {
                            problems.add("SELECT, INSERT and UPDATE on table '" + schema + "'.'" + table + "'");
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            error(values, TimescaleSinkConfig.TARGET_SCHEMA, "the user lacks privileges: " + String.join("; ",
                    problems));
        }
    }

    private static boolean allTablesExist(Connection c, String schema, List<String> tables) throws SQLException {
        for (String table : tables) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_class cl JOIN pg_namespace n "
                    + "ON n.oid = cl.relnamespace WHERE n.nspname = ? AND cl.relname = ?")) {
                ps.setString(1, schema);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean queryExists(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next();
        }
    }

    private static void error(Map<String, ConfigValue> values, String field, String message) {
        values.get(field).addErrorMessage(message);
    }
}
