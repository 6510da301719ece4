package io.influxtimescale.cli.check;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

import io.influxtimescale.cli.TargetTables;
import io.influxtimescale.sink.config.ConnectionValidator;
import io.influxtimescale.sink.config.JdbcUrls;
import io.influxtimescale.sink.config.SessionSettings;
import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.sink.write.Connections;

/**
 * The target's side of the preflight: PostgreSQL and TimescaleDB versions, then the sink's own
 * {@link ConnectionValidator} (extension present or creatable, USAGE/CREATE on the schema or CREATE on the database,
 * SELECT/INSERT/UPDATE on existing tables), so check and the connector's validation can never disagree.
 */
public final class TimescalePreflight {
    private TimescalePreflight() {
    }

    public static ServerInfo run(String url, String user, String password, String schema, String layout,
                                 List<Finding> out) {
        String version;
        try (Connection c = Connections.open(url, user, password == null ? null : new Password(password),
                SessionSettings.INTERACTIVE)) {
            version = versions(c);
        } catch (SQLException e) {
            out.add(Finding.blocker("TimescaleDB", "cannot connect to " + JdbcUrls.redacted(url) + ": "
                    + e.getMessage(),
                    "check --jdbc-url, --jdbc-user and the password (ITC_JDBC_PASSWORD), and that the server runs"));
            return new ServerInfo("TimescaleDB", url, false, e.getMessage());
        }
        Map<String, String> props = new HashMap<>();
        props.put(TimescaleSinkConfig.CONNECTION_URL, url);
        props.put(TimescaleSinkConfig.CONNECTION_USER, user == null ? "" : user);
        if (password != null) {
            props.put(TimescaleSinkConfig.CONNECTION_PASSWORD, password);
        }
        props.put(TimescaleSinkConfig.TARGET_SCHEMA, schema);
        props.put(TimescaleSinkConfig.LAYOUT, layout);
        Map<String, ConfigValue> values = TimescaleSinkConfig.CONFIG_DEF.validateAll(props);
        boolean valid = values.values().stream().allMatch(v -> v.errorMessages().isEmpty());
        if (valid) {
            ConnectionValidator.validate(values, TargetTables.tableNames(layout, schema));
        }
        for (ConfigValue v : values.values()) {
            for (String message : v.errorMessages()) {
                out.add(Finding.blocker("TimescaleDB", v.name() + ": " + message, fix(v.name())));
            }
        }
        return new ServerInfo("TimescaleDB", url, true, version);
    }

    private static String fix(String setting) {
        switch (setting) {
            case TimescaleSinkConfig.TARGET_SCHEMA:
                return "GRANT the missing privileges to the sink's user (e.g. GRANT USAGE, CREATE ON SCHEMA ... TO "
                        + "...; or GRANT CREATE ON DATABASE ... TO ...), or choose another --schema";
            case TimescaleSinkConfig.CONNECTION_USER:
                return "use a user the server accepts, or have an administrator run CREATE EXTENSION timescaledb";
            default:
                return "install TimescaleDB (shared_preload_libraries = 'timescaledb', then CREATE EXTENSION "
                        + "timescaledb in the target database) or fix --jdbc-url";
        }
    }

    private static String versions(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('server_version'), "
                     + "(SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'), "
                     + "(SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb')")) {
            rs.next();
            String ts = rs.getString(2) != null ? "TimescaleDB " + rs.getString(2)
                    : rs.getString(3) != null ? "TimescaleDB " + rs.getString(3) + " available, not created yet"
                    : "no TimescaleDB";
            return "PostgreSQL " + rs.getString(1) + ", " + ts;
        }
    }
}
