package io.influxtimescale.stack;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.influxtimescale.cli.status.BackfillProgress;
import io.influxtimescale.cli.status.ContainerProgress;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.TimescaleServer;

/**
 * The local default stack behind {@code dev/stack}: InfluxDB, PostgreSQL with TimescaleDB, and Kafka with one
 * Connect worker that has our plugins, all on loopback; a sample data set loaded into InfluxDB; both connectors
 * deployed through the Connect REST API; the backfill's progress shown until it is done. It stays in the foreground
 * until Ctrl-C, which stops and removes everything. InfluxDB and PostgreSQL ports are fixed and documented in the
 * README; Kafka's harness picks the broker's and the worker's REST ports itself, so they are printed at start.
 */
public final class LocalStack {
    public static final int INFLUX_PORT = 28086;
    public static final int POSTGRES_PORT = 25432;
    static final String DATABASE = "migration";
    static final String SOURCE = "influx-source";
    static final String SINK = "timescale-sink";
    static final String TARGET_SCHEMA = "influx";

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        InfluxServer influx = InfluxServer.create().withPort(INFLUX_PORT);
        TimescaleServer timescale = TimescaleServer.create().withPort(POSTGRES_PORT);
        KafkaConnectFixture connect = KafkaConnectFixture.create();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping");
            connect.close();
            timescale.close();
            influx.close();
            stopped.countDown();
        }, "stack-stop"));

        say("starting InfluxDB");
        influx.start();
        say("starting PostgreSQL with TimescaleDB");
        timescale.start();
        timescale.createDatabase(DATABASE);
        say("starting Kafka and Kafka Connect");
        connect.start();
        say("up. Everything listens on 127.0.0.1 only:\n"
                + "  InfluxDB      " + influx.url() + "   (no auth)\n"
                + "  TimescaleDB   " + timescale.jdbcUrl(DATABASE) + "   user " + TimescaleServer.USER
                + " password " + TimescaleServer.PASSWORD + "\n"
                + "  Kafka         " + connect.bootstrapServers() + "\n"
                + "  Connect REST  " + connect.restUrl());

        say("loading the sample data set into InfluxDB database '" + SampleDataSet.DATABASE + "'");
        long fieldValues = SampleDataSet.load(influx, System.currentTimeMillis() * 1_000_000L - 60_000_000_000L);
        say(fieldValues + " field values written");

        ConnectRestClient rest = connect.rest();
        rest.putConnectorConfig(SOURCE, sourceConfig(influx));
        rest.putConnectorConfig(SINK, sinkConfig(timescale));
        say("deployed connectors '" + SOURCE + "' and '" + SINK + "' through " + rest.baseUrl());

        showProgressUntilDone(rest, timescale, fieldValues);
        say("press Ctrl-C to stop; all data is removed on stop");
        stopped.await();
    }

    static Map<String, String> sourceConfig(InfluxServer influx) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "io.influxtimescale.source.InfluxSourceConnector");
        config.put("tasks.max", "2");
        config.put("influxdb.url", influx.url());
        config.put("databases.include", SampleDataSet.DATABASE);
        config.put("topic.prefix", "influx.");
        // Migration topics: kept forever so a replay is always possible, never compacted (every record counts).
        config.put("topic.creation.default.replication.factor", "1");
        config.put("topic.creation.default.partitions", "4");
        config.put("topic.creation.default.retention.ms", "-1");
        config.put("topic.creation.default.cleanup.policy", "delete");
        return config;
    }

    static Map<String, String> sinkConfig(TimescaleServer timescale) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "io.influxtimescale.sink.TimescaleSinkConnector");
        config.put("tasks.max", "2");
        // A topic list, not topics.regex: a regex consumer notices topics created after it subscribed only at its
        // next metadata refresh (metadata.max.age.ms, 5 minutes by default), and the source creates its topics
        // after both connectors are deployed.
        config.put("topics", "influx." + SampleDataSet.DATABASE);
        config.put("connection.url", timescale.jdbcUrl(DATABASE));
        config.put("connection.user", TimescaleServer.USER);
        config.put("connection.password", TimescaleServer.PASSWORD);
        config.put("target.schema", TARGET_SCHEMA);
        config.put("layout", "narrow");
        return config;
    }

    private static void showProgressUntilDone(ConnectRestClient rest, TimescaleServer timescale, long expected)
            throws InterruptedException {
        String last = "";
        while (true) {
            String states = states(rest, SOURCE) + ", " + states(rest, SINK);
            List<ContainerProgress> progress = BackfillProgress.of(rest, SOURCE);
            long done = progress.stream().filter(ContainerProgress::backfillDone).count();
            double percent = progress.stream().mapToDouble(ContainerProgress::percentDone).average().orElse(0);
            long rows = rows(timescale);
            String line = String.format("%s | backfill %d/%d containers, %.0f%% | %d of %d field values in "
                    + "TimescaleDB", states, done, progress.size(), percent, rows, expected);
            if (!line.equals(last)) {
                say(line);
                last = line;
            }
            if (states.contains("FAILED")) {
                say("a connector failed: see " + rest.baseUrl() + "/connectors/<name>/status for the trace");
                return;
            }
            if (rows > expected) {
                say("TimescaleDB holds more rows (" + rows + ") than field values were written (" + expected
                        + "): something other than this stack writes to InfluxDB or TimescaleDB");
                return;
            }
            if (!progress.isEmpty() && done == progress.size() && rows == expected) {
                say("backfill complete: every field value is in TimescaleDB (" + TARGET_SCHEMA
                        + ".series_points, " + TARGET_SCHEMA + ".points)");
                return;
            }
            Thread.sleep(2000);
        }
    }

    private static String states(ConnectRestClient rest, String name) {
        try {
            StringBuilder s = new StringBuilder(name).append(' ')
                    .append(rest.status(name).path("connector").path("state").asText("?"));
            rest.status(name).path("tasks").forEach(t -> s.append(' ').append(t.path("state").asText("?")));
            return s.toString();
        } catch (RuntimeException e) {
            return name + " (no status yet)";
        }
    }

    private static long rows(TimescaleServer timescale) {
        try (Connection c = timescale.connect(DATABASE); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TARGET_SCHEMA + ".points")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return 0; // the sink has not created its tables yet
        }
    }

    private static void say(String message) {
        System.out.println("stack: " + message);
    }
}
