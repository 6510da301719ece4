package io.influxtimescale.stack;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.JsonNode;

import io.influxtimescale.cli.status.BackfillProgress;
import io.influxtimescale.cli.status.ContainerProgress;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.connectrest.ConnectRestException;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaBroker;
import io.influxtimescale.fixtures.SchemaRegistryServer;
import io.influxtimescale.fixtures.TimescaleServer;

/**
 * The local default stack behind {@code dev/stack}, the README's main job on a machine without Docker: InfluxDB,
 * PostgreSQL with TimescaleDB, a single-node KRaft Kafka broker, the dev schema registry, and a real Kafka Connect
 * distributed worker ({@code connect-config/local/worker.properties}, REST on 127.0.0.1:28083) with our plugins and
 * Apicurio's AvroConverter; a sample data set loaded into InfluxDB; both connectors deployed through the Connect
 * REST API from {@code connect-config/local/*.avro.json}; the backfill's progress shown until it is done. Everything
 * listens on loopback and stays in the foreground until Ctrl-C, which stops and removes everything.
 */
public final class LocalStack {
    public static final int INFLUX_PORT = 28086;
    public static final int POSTGRES_PORT = 25432;
    public static final int REGISTRY_PORT = 28081;
    static final String DATABASE = "migration";
    static final String SOURCE = "influx-source";
    static final String SINK = "timescale-sink";
    static final String TARGET_SCHEMA = "influx";
    static final Path CONFIG = Path.of("connect-config", "local");

    private LocalStack() {
    }

    public static void main(String[] args) {
        try {
            run();
        } catch (Exception | Error e) {
            // Without this, Maven's exec:java would keep waiting for the broker's threads and say nothing.
            System.err.println("stack: failed: " + e);
            e.printStackTrace();
            System.exit(1); // the shutdown hook stops and removes whatever was started
        }
    }

    private static void run() throws Exception {
        InfluxServer influx = InfluxServer.create().withPort(INFLUX_PORT);
        TimescaleServer timescale = TimescaleServer.create().withPort(POSTGRES_PORT);
        KafkaBroker kafka = new KafkaBroker();
        SchemaRegistryServer registry = SchemaRegistryServer.create().withPort(REGISTRY_PORT);
        DistributedWorker[] worker = new DistributedWorker[1];
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping");
            // Each one on its own: a failure to stop one must not leave the others running.
            closeQuietly(worker[0]);
            closeQuietly(registry);
            closeQuietly(kafka);
            closeQuietly(timescale);
            closeQuietly(influx);
            stopped.countDown();
        }, "stack-stop"));

        say("starting InfluxDB");
        influx.start();
        say("starting PostgreSQL with TimescaleDB");
        timescale.start();
        timescale.createDatabase(DATABASE);
        say("starting Kafka (KRaft, one node)");
        kafka.start();
        say("starting the schema registry");
        registry.start();
        say("starting a Kafka Connect distributed worker");
        String pluginPath = System.getProperty("itc.plugin.path");
        worker[0] = new DistributedWorker(CONFIG.resolve("worker.properties"), Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "plugin.path", pluginPath == null ? "integration-tests/target/plugins" : pluginPath)).start();
        ConnectRestClient rest = new ConnectRestClient(worker[0].restUrl());
        Fixtures.await("the Connect REST API at " + rest.baseUrl(), Duration.ofMinutes(2), () -> {
            rest.connectors();
            return true;
        });
        say("up. Everything listens on 127.0.0.1 only:\n"
                + "  InfluxDB         " + influx.url() + "   (no auth)\n"
                + "  TimescaleDB      " + timescale.jdbcUrl(DATABASE) + "   user " + TimescaleServer.USER
                + " password " + TimescaleServer.PASSWORD + "\n"
                + "  Kafka            " + kafka.bootstrapServers() + "\n"
                + "  Schema registry  " + registry.url() + "   (Confluent API: " + registry.confluentUrl() + ")\n"
                + "  Connect REST     " + rest.baseUrl());

        say("loading the sample data set into InfluxDB database '" + SampleDataSet.DATABASE + "'");
        long fieldValues = SampleDataSet.load(influx, System.currentTimeMillis() * 1_000_000L - 60_000_000_000L);
        say(fieldValues + " field values written");

        rest.putConnectorConfig(SOURCE, sourceConfig(influx));
        rest.putConnectorConfig(SINK, sinkConfig(timescale));
        say("deployed connectors '" + SOURCE + "' and '" + SINK + "' (Avro) through " + rest.baseUrl());

        showProgressUntilDone(rest, timescale, fieldValues);
        say("see it with: bin/itc status --connect " + rest.baseUrl() + "; press Ctrl-C to stop (all data is removed)");
        say("following new writes; try: curl -XPOST '" + "http://127.0.0.1:" + INFLUX_PORT + "/write?db=sample' "
                + "--data-binary 'cpu,host=new usage_user=1.5'");
        while (!stopped.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
            showLive(rest, timescale);
        }
    }

    /** connect-config/local/influx-source.avro.json, pointed at this stack's InfluxDB and sample database. */
    static Map<String, String> sourceConfig(InfluxServer influx) throws IOException {
        Map<String, String> config = connectorConfig("influx-source.avro.json");
        config.put("influxdb.url", influx.url());
        // Migration topics: kept forever so a replay is always possible, never compacted (every record counts).
        config.put("topic.creation.default.retention.ms", "-1");
        config.put("topic.creation.default.cleanup.policy", "delete");
        return config;
    }

    /** connect-config/local/timescale-sink.avro.json, pointed at this stack's TimescaleDB. */
    static Map<String, String> sinkConfig(TimescaleServer timescale) throws IOException {
        Map<String, String> config = connectorConfig("timescale-sink.avro.json");
        // topics.regex, so a database created while following gets its topic read too; the config file keeps the
        // consumer's metadata.max.age.ms short, or a new topic would be noticed only after 5 minutes.
        config.put("connection.url", timescale.jdbcUrl(DATABASE));
        config.put("connection.user", TimescaleServer.USER);
        config.put("connection.password", TimescaleServer.PASSWORD);
        config.put("target.schema", TARGET_SCHEMA);
        return config;
    }

    private static Map<String, String> connectorConfig(String file) throws IOException {
        JsonNode node = ConnectRestClient.json().readTree(CONFIG.resolve(file).toFile()).path("config");
        Map<String, String> config = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        return config;
    }

    private static void showProgressUntilDone(ConnectRestClient rest, TimescaleServer timescale, long expected)
            throws InterruptedException {
        String last = "";
        while (true) {
            String states = states(rest, SOURCE) + ", " + states(rest, SINK);
            List<ContainerProgress> progress;
            try {
                progress = BackfillProgress.of(rest, SOURCE);
            } catch (ConnectRestException e) {
                if (!e.rebalancing()) {
                    throw e;
                }
                Thread.sleep(1000); // the worker is assigning tasks; ask again
                continue;
            }
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

    private static String lastLive = "";

    /** While following: how many containers are live, the largest lag (now - watermark) and the rows so far. */
    private static void showLive(ConnectRestClient rest, TimescaleServer timescale) {
        List<ContainerProgress> progress;
        try {
            progress = BackfillProgress.of(rest, SOURCE);
        } catch (RuntimeException e) {
            return; // a rebalance (a new measurement reconfigures the tasks): ask again next time
        }
        long nowNs = System.currentTimeMillis() * 1_000_000L;
        long live = 0;
        long maxLagMs = 0;
        for (ContainerProgress p : progress) {
            if (p.offset() != null && p.offset().isLive()) {
                live++;
                maxLagMs = Math.max(maxLagMs, (nowNs - p.offset().watermarkNs()) / 1_000_000L);
            }
        }
        // The lag is what the committed offsets say: they are stored every heartbeat.interval.ms (10 s).
        String line = String.format("live: %d/%d containers following, committed watermark at most %d s behind | "
                + "%d field values in TimescaleDB", live, progress.size(), maxLagMs / 1000, rows(timescale));
        if (!line.replaceAll("at most \\d+ s", "").equals(lastLive.replaceAll("at most \\d+ s", ""))) {
            say(line);
            lastLive = line;
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

    private static void closeQuietly(AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception | Error e) {
            System.err.println("stack: could not stop " + resource.getClass().getSimpleName() + ": " + e);
        }
    }

    private static void say(String message) {
        System.out.println("stack: " + message);
    }
}
