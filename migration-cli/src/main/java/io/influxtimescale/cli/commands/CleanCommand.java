package io.influxtimescale.cli.commands;

import java.io.Console;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.types.Password;

import io.influxtimescale.cli.CommandFailure;
import io.influxtimescale.cli.ConnectOptions;
import io.influxtimescale.cli.ConnectorNames;
import io.influxtimescale.cli.ConnectorControl;
import io.influxtimescale.cli.ExitCode;
import io.influxtimescale.cli.KafkaOptions;
import io.influxtimescale.cli.TargetTables;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.cli.TimescaleOptions;
import io.influxtimescale.sink.config.JdbcUrls;
import io.influxtimescale.sink.config.SessionSettings;
import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.sink.write.Connections;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code itc clean}: removes a migration's connectors and their offsets (stop, {@code DELETE .../offsets}, delete),
 * and on request its topics and its target tables. The tables are the ones the sink's own layout names, in the
 * schema and database of the sink's own config. InfluxDB is never touched: clean has no InfluxDB option at all.
 * Asks for confirmation on a terminal; without one it needs {@code --yes} (else exit 2, nothing done).
 */
@Command(name = "clean", mixinStandardHelpOptions = true,
        description = "Delete the connectors, their offsets and optionally the topics and target tables.")
public final class CleanCommand implements Callable<Integer> {
    @Mixin
    ConnectOptions connect;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConnectorNames connectors;

    @Option(names = "--topics", description = "Also delete the sink's topics (needs --bootstrap-servers).")
    boolean topics;

    @Option(names = "--tables", description = "Also drop the target tables the sink's layout writes.")
    boolean tables;

    @Option(names = "--jdbc-password", defaultValue = "${env:ITC_JDBC_PASSWORD}", description = "TimescaleDB "
            + "password, when the sink's config does not hold it (env ITC_JDBC_PASSWORD).")
    String jdbcPassword;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConnectRestClient rest = connect.client();
        Map<String, String> sourceConfig = ConnectOptions.configOrNull(rest, connectors.source);
        Map<String, String> sinkConfig = ConnectOptions.configOrNull(rest, connectors.sink);
        if (sourceConfig == null && sinkConfig == null) {
            throw CommandFailure.badInput("neither '" + connectors.source + "' nor '" + connectors.sink + "' exists on " + rest.baseUrl()
                    + "; deployed: " + rest.connectors());
        }
        if ((topics || tables) && sinkConfig == null) {
            throw CommandFailure.badInput("--topics and --tables take the topics and tables from the sink's config, "
                    + "and '" + connectors.sink + "' does not exist; give --sink");
        }
        Set<String> topicNames = new TreeSet<>();
        Admin admin = topics ? kafka.admin("--topics") : null;
        try {
            if (topics) {
                topicNames.addAll(KafkaOptions.sinkTopics(admin, sinkConfig));
            }
            String layout = sinkConfig == null ? "" : TargetTables.layoutOf(sinkConfig);
            String schema = sinkConfig == null ? "" : sinkConfig.getOrDefault(TimescaleSinkConfig.TARGET_SCHEMA,
                    "influx");
            List<String> drops = List.of();
            if (tables) {
                try (Connection c = target(sinkConfig)) {
                    drops = TargetTables.dropStatements(c, layout, schema);
                }
            }

            PrintWriter out = spec.commandLine().getOut();
            List<String> plan = new ArrayList<>();
            if (sinkConfig != null) {
                plan.add("stop sink '" + connectors.sink + "', delete its offsets (consumer group "
                        + KafkaOptions.sinkGroup(connectors.sink,
                        sinkConfig) + ") and the connector");
            }
            if (sourceConfig != null) {
                plan.add("stop source '" + connectors.source + "', delete its offsets and the connector");
            }
            if (topics) {
                plan.add("delete topics " + topicNames);
            }
            if (tables) {
                plan.add("in " + JdbcUrls.redacted(sinkConfig.get(TimescaleSinkConfig.CONNECTION_URL)) + ": "
                        + String.join("; ", drops));
            }
            out.println("itc clean will (InfluxDB is not touched):");
            plan.forEach(p -> out.println("  - " + p));
            out.flush();
            confirm();

            for (String name : sinkConfig == null ? List.of(connectors.source)
                    : sourceConfig == null ? List.of(connectors.sink) : List.of(connectors.sink, connectors.source)) {
                ConnectorControl.stopAndWait(rest, name);
                rest.resetOffsets(name);
                rest.delete(name);
                out.println("deleted connector '" + name + "' and its offsets");
            }
            if (topics && !topicNames.isEmpty()) {
                admin.deleteTopics(topicNames).all().get();
                out.println("deleted topics " + topicNames);
            }
            if (tables) {
                dropTables(sinkConfig, drops);
                out.println("dropped the " + layout + " layout's tables in schema '" + schema
                        + "' (the schema itself is kept)");
            }
            out.flush();
            return ExitCode.OK;
        } finally {
            if (admin != null) {
                admin.close();
            }
        }
    }

    private void confirm() {
        if (yes) {
            return;
        }
        Console console = System.console();
        if (console == null) {
            throw CommandFailure.badInput("no terminal to ask for confirmation on: give --yes to clean without "
                    + "asking (nothing was done)");
        }
        String answer = console.readLine("Type 'yes' to go ahead: ");
        if (answer == null || !answer.trim().equals("yes")) {
            throw new CommandFailure(ExitCode.NOT_YET, "not confirmed; nothing was done");
        }
    }

    /** A connection with the sink's own settings (the password from --jdbc-password when the worker resolves it). */
    private Connection target(Map<String, String> sinkConfig) throws SQLException {
        String password = sinkConfig.get(TimescaleSinkConfig.CONNECTION_PASSWORD);
        if (password == null || password.startsWith("${")) {
            password = jdbcPassword; // externalized by a config provider on the worker: ask the operator
        }
        String url = TimescaleOptions.checkedUrl("the sink's connection.url",
                sinkConfig.get(TimescaleSinkConfig.CONNECTION_URL));
        return Connections.open(url, sinkConfig.getOrDefault(TimescaleSinkConfig.CONNECTION_USER, ""),
                password == null ? null : new Password(password), SessionSettings.INTERACTIVE);
    }

    private void dropTables(Map<String, String> sinkConfig, List<String> drops) throws SQLException {
        try (Connection c = target(sinkConfig); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (String sql : drops) {
                st.execute(sql);
            }
            c.commit();
        }
    }
}
