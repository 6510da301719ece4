package io.influxtimescale.cli;

import java.sql.Connection;
import java.sql.SQLException;

import org.apache.kafka.common.config.types.Password;

import io.influxtimescale.sink.config.JdbcUrls;
import io.influxtimescale.sink.config.SessionSettings;
import io.influxtimescale.sink.write.Connections;
import picocli.CommandLine.Option;

/** Where TimescaleDB is and how to log in, shared by every command that reads or changes the target. */
public final class TimescaleOptions {
    @Option(names = "--jdbc-url", required = true, defaultValue = "${env:ITC_JDBC_URL}",
            description = "TimescaleDB JDBC URL (env ITC_JDBC_URL).")
    public String url;

    @Option(names = "--jdbc-user", defaultValue = "${env:ITC_JDBC_USER:-postgres}",
            description = "TimescaleDB user (env ITC_JDBC_USER; default ${DEFAULT-VALUE}).")
    public String user;

    @Option(names = "--jdbc-password", defaultValue = "${env:ITC_JDBC_PASSWORD}", arity = "0..1", interactive = true,
            description = "TimescaleDB password (env ITC_JDBC_PASSWORD; prompts without a value).")
    String password;

    @Option(names = "--schema", defaultValue = "influx", description = "Target schema (${DEFAULT-VALUE}).")
    public String schema;

    public String password() {
        return password;
    }

    /** The URL, or a bad-input failure when it is not a PostgreSQL JDBC URL or carries a password. */
    public String checkedUrl() {
        return checkedUrl("--jdbc-url", url);
    }

    /** The sink's own rules for a JDBC URL (no password in it), as a bad-input failure naming the option. */
    public static String checkedUrl(String option, String url) {
        if (!JdbcUrls.isPostgres(url)) {
            throw CommandFailure.badInput(option + " must be a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://127.0.0.1:5432/migration, got '" + JdbcUrls.redacted(url) + "'");
        }
        String secret = JdbcUrls.credentialProblem(url);
        if (secret != null) {
            throw CommandFailure.badInput(option + " " + secret + " (here: the password goes in --jdbc-password "
                    + "or ITC_JDBC_PASSWORD)");
        }
        return url;
    }

    /**
     * An open connection through the sink's own {@link Connections} (same driver settings and session), or a
     * bad-input failure naming the server and the driver's reason.
     */
    public Connection connect() {
        String u = checkedUrl();
        try {
            return Connections.open(u, user, password == null ? null : new Password(password),
                    SessionSettings.INTERACTIVE);
        } catch (SQLException e) {
            throw CommandFailure.badInput("cannot connect to TimescaleDB at " + JdbcUrls.redacted(u) + ": "
                    + e.getMessage());
        }
    }
}
