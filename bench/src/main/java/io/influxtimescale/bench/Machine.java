package io.influxtimescale.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.TimescaleServer;
import io.influxtimescale.source.influx.InfluxConnectionSettings;
import io.influxtimescale.source.influx.InfluxHttpClient;
import org.apache.kafka.common.utils.AppInfoParser;

/** The machine and the versions a run measured, for the results file (absolute numbers mean nothing without them). */
final class Machine {
    private Machine() {
    }

    static List<String> describe(InfluxServer influx, TimescaleServer timescale, Path pluginPath) {
        List<String> lines = new ArrayList<>();
        lines.add("CPU: " + Runtime.getRuntime().availableProcessors() + " cores, " + firstValue("/proc/cpuinfo",
                "model name"));
        lines.add("RAM: " + firstValue("/proc/meminfo", "MemTotal") + "; OS: " + osName());
        lines.add("load average at start (other work on this shared machine): " + read("/proc/loadavg"));
        lines.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        lines.add("InfluxDB " + new InfluxHttpClient(InfluxConnectionSettings.plain(URI.create(influx.url()))).ping());
        try (Connection c = timescale.connect("bench"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('server_version'), (SELECT extversion FROM "
                     + "pg_extension WHERE extname = 'timescaledb')")) {
            rs.next();
            lines.add("PostgreSQL " + rs.getString(1) + ", TimescaleDB " + rs.getString(2)
                    + " (fsync=off, synchronous_commit=on: the test fixture's settings)");
        } catch (SQLException e) {
            lines.add("PostgreSQL: " + e.getMessage());
        }
        lines.add("Kafka " + AppInfoParser.getVersion() + " (one KRaft broker in the benchmark's JVM; Connect worker "
                + "in its own JVM)");
        lines.add("peer: " + debezium(pluginPath));
        String commit = System.getenv("ITC_BENCH_COMMIT");
        if (commit != null) {
            lines.add("commit: " + commit);
        }
        return lines;
    }

    private static String debezium(Path pluginPath) {
        try (Stream<Path> files = Files.list(pluginPath.resolve("debezium-connector-jdbc"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("debezium-connector-jdbc-"))
                    .findFirst().map(n -> n.replace(".jar", "")).orElse("debezium-connector-jdbc (version unknown)");
        } catch (IOException e) {
            return "debezium-connector-jdbc not found in " + pluginPath;
        }
    }

    private static String osName() {
        String v = firstValue("/etc/os-release", "PRETTY_NAME");
        return v.replace("=", "").replace("\"", "").trim();
    }

    private static String firstValue(String file, String key) {
        try {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(line.contains(":") ? ':' : '=') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "?";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
