package io.influxtimescale.sink.write;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.apache.kafka.common.config.types.Password;

import io.influxtimescale.sink.config.TimescaleSinkConfig;

/** Opens JDBC connections to the target database. */
public final class Connections {
    private Connections() {
    }

    public static Connection open(TimescaleSinkConfig config) throws SQLException {
        return open(config.connectionUrl(), config.connectionUser(), config.connectionPassword());
    }

    public static Connection open(String url, String user, Password password) throws SQLException {
        Properties props = new Properties();
        if (user != null && !user.isEmpty()) {
            props.setProperty("user", user);
        }
        if (password != null && password.value() != null) {
            props.setProperty("password", password.value());
        }
        // defaults the URL may override: a dead server must not hang a task forever
        props.setProperty("ApplicationName", "influx-timescale-sink");
        props.setProperty("connectTimeout", "10");
        props.setProperty("tcpKeepAlive", "true");
        String u = url;
        // the driver takes URL parameters over Properties; make our defaults lose against the URL's
        for (String key : new String[] {"ApplicationName", "connectTimeout", "tcpKeepAlive"}) {
            if (u.contains(key + "=")) {
                props.remove(key);
            }
        }
        // the driver is in our plugin class loader, which DriverManager may not search: register explicitly
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException e) {
            throw new SQLException("PostgreSQL JDBC driver missing from the plugin", "08001", e);
        }
        Connection c = new org.postgresql.Driver().connect(u, props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + u, "08001");
        }
        return c;
    }
}
