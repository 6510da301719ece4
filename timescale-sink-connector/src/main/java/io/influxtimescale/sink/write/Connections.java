package io.influxtimescale.sink.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;

import org.apache.kafka.common.config.types.Password;

import io.influxtimescale.sink.config.JdbcUrls;
import io.influxtimescale.sink.config.SessionSettings;
import io.influxtimescale.sink.config.TimescaleSinkConfig;

/**
 * Opens every JDBC connection to the target database, the sink's and the CLI's alike, and sets up the session the
 * SQL builders assume: {@code standard_conforming_strings} on (so that {@link
 * io.influxtimescale.sink.sql.Identifiers#literal} means what it says even where the server or database defaults to
 * off), and the time limits of {@link SessionSettings}.
 */
public final class Connections {
    /** One round trip; set_config is parameterized, so the values need no quoting. */
    private static final String SESSION_SETUP = "SELECT set_config('standard_conforming_strings', 'on', false), "
            + "set_config('statement_timeout', ?, false), set_config('lock_timeout', ?, false)";

    private Connections() {
    }

    public static Connection open(TimescaleSinkConfig config) throws SQLException {
        return open(config.connectionUrl(), config.connectionUser(), config.connectionPassword(),
                config.sessionSettings());
    }

    public static Connection open(String url, String user, Password password, SessionSettings session)
            throws SQLException {
        String secret = JdbcUrls.credentialProblem(url);
        if (secret != null) {
            // 28P01-like: retrying cannot help; the message names no secret
            throw new SQLException("the JDBC URL " + secret, "28000");
        }
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
        props.setProperty("socketTimeout", Integer.toString(session.socketTimeoutSeconds()));
        // the driver takes URL parameters over Properties; make our defaults lose against the URL's
        for (String key : new String[] {"ApplicationName", "connectTimeout", "tcpKeepAlive", "socketTimeout"}) {
            if (url.contains(key + "=")) {
                props.remove(key);
            }
        }
        // the driver is in our plugin class loader, which DriverManager may not search: ask the driver itself
        Connection c = new org.postgresql.Driver().connect(url, props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + JdbcUrls.redacted(url), "08001");
        }
        try (PreparedStatement ps = c.prepareStatement(SESSION_SETUP)) {
            ps.setString(1, session.statementTimeoutMs() + "ms");
            ps.setString(2, session.lockTimeoutMs() + "ms");
            ps.execute();
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
