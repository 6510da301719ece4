package io.influxtimescale.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

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

    /** An open connection, or a bad-input failure naming the server and the driver's reason. */
    public Connection connect() {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw CommandFailure.badInput("--jdbc-url must be a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://127.0.0.1:5432/migration, got '" + url + "'");
        }
        try {
            return DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            throw CommandFailure.badInput("cannot connect to TimescaleDB at " + url + ": " + e.getMessage());
        }
    }
}
