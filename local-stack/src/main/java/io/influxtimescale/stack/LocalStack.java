package io.influxtimescale.stack;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.influxtimescale.cli.Itc;
import io.influxtimescale.cli.status.BackfillProgress;
import io.influxtimescale.cli.status.ContainerProgress;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.connectrest.ConnectRestException;
import io.influxtimescale.fixtures.ConnectCluster;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaBroker;
import io.influxtimescale.fixtures.Lifeline;
import io.influxtimescale.fixtures.SchemaRegistryServer;
import io.influxtimescale.fixtures.ThrottledProxy;
import io.influxtimescale.fixtures.TimescaleServer;

/**
 * The local default stack behind {@code dev/stack}, the README's main job on a machine without Docker: InfluxDB,
 * PostgreSQL with TimescaleDB, a single-node KRaft Kafka broker (in this JVM), the dev schema registry, and N real
 * Kafka Connect distributed workers (processes of their own, {@code connect-config/local/worker.properties}, REST
 * on 127.0.0.1:28083 and up) with our plugins and Apicurio's AvroConverter; a sample data set loaded into InfluxDB
 * (or the user's own InfluxDB with {@code --influx-url}); both connectors deployed through the Connect REST API from
 * {@code connect-config/local/*.avro.json} (layout {@code wide}); the backfill's progress shown until it is done, then
 * {@code itc verify} (its HTML report kept in the state directory), then it follows live writes.
 *
 * <p>Everything keeps its data in the state directory ({@code .stack} by default), which outlives Ctrl-C and
 * crashes: the next run resumes from the committed offsets; {@code --fresh} starts over. Every server dies with this
 * JVM however it dies ({@link Lifeline}); a start kills what an earlier run's crash left behind and says so. The
 * console shows the stack's own progress only; every server logs to a file whose path it prints.
 */
public final class LocalStack {
    public static final int INFLUX_PORT = 28086;
    public static final int POSTGRES_PORT = 25432;
    public static final int REGISTRY_PORT = 28081;
    public static final int KAFKA_PORT = 29092;
    public static final int CONNECT_PORT = 28083;
    static final String DATABASE = "migration";
    static final String SOURCE = "influx-source";
    static final String SINK = "timescale-sink";
    static final String TARGET_SCHEMA = "influx";
    static final Path CONFIG = Path.of("connect-config", "local");
    private static final long PROGRESS_EVERY_MS = 3000;

    private final StackOptions options;
    private final Path state;
    private String lastLive = "";

    private LocalStack(StackOptions options) {
        this.options = options;
        this.state = options.stateDir;
    }

    public static void main(String[] args) {
        StackOptions options;
        try {
            options = StackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("stack: " + e.getMessage());
            }
            System.err.println(StackOptions.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        try {
            Files.createDirectories(options.stateDir.resolve("logs"));
            quietLogging(options.stateDir.resolve("logs"));
            new LocalStack(options).run();
        } catch (Exception | Error e) {
            System.err.println("stack: failed: " + e.getMessage());
            System.err.println("stack: details in " + options.stateDir.resolve("logs").resolve("stack.log"));
            org.slf4j.LoggerFactory.getLogger(LocalStack.class).error("the stack failed", e);
            System.exit(1); // the shutdown hook stops whatever was started
        }
    }

    /**
     * Sends every library's logging (Kafka's broker in this JVM above all) to {@code logs/stack.log}; the console is
     * for the stack's own lines. Must run before the first logger is created.
     */
    private static void quietLogging(Path logs) throws IOException {
        Path config = logs.resolve("stack-log4j2.xml");
        String file = logs.resolve("stack.log").toString().replace("&", "&amp;").replace("\"", "&quot;");
        Files.writeString(config, String.join("\n",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<Configuration status=\"ERROR\">",
                "  <Appenders>",
                "    <File name=\"file\" fileName=\"" + file + "\" append=\"true\">",
                "      <PatternLayout pattern=\"%d{ISO8601} %-5p [%t] %c{1.}: %m%n\"/>",
                "    </File>",
                "  </Appenders>",
                "  <Loggers>",
                "    <Logger name=\"org.apache.kafka\" level=\"WARN\"/>",
                "    <Logger name=\"kafka\" level=\"WARN\"/>",
                "    <Logger name=\"state.change.logger\" level=\"WARN\"/>",
                "    <Root level=\"INFO\"><AppenderRef ref=\"file\"/></Root>",
                "  </Loggers>",
                "</Configuration>", ""), StandardCharsets.UTF_8);
        System.setProperty("log4j2.configurationFile", config.toString());
        System.setProperty("log4j.configurationFile", config.toString());
        System.setProperty("java.io.tmpdir", Files.createDirectories(logs.resolveSibling("tmp")).toString());
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        claimStateDir();
        InfluxServer influx = options.ownInflux() ? null
                : InfluxServer.create().withPort(INFLUX_PORT).withDataDir(state.resolve("influxdb"));
        TimescaleServer timescale = TimescaleServer.create().withPort(POSTGRES_PORT)
                .withDataDir(state.resolve("timescaledb"));
        KafkaBroker kafka = KafkaBroker.create().withPort(KAFKA_PORT).withDataDir(state.resolve("kafka"));
        SchemaRegistryServer registry = SchemaRegistryServer.create().withPort(REGISTRY_PORT)
                .withDataDir(state.resolve("registry"));
        ThrottledProxy[] proxy = new ThrottledProxy[1];
        ConnectCluster[] connect = new ConnectCluster[1];
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("stopping (the state stays in " + state + ": dev/stack resumes, dev/stack --fresh starts over)");
            // Each one on its own: a failure to stop one must not leave the others running.
            closeQuietly(connect[0]);
            closeQuietly(proxy[0]);
            closeQuietly(registry);
            closeQuietly(kafka);
            closeQuietly(timescale);
            closeQuietly(influx);
            deleteQuietly(state.resolve("stack.pid"));
            stopped.countDown();
        }, "stack-stop"));

        boolean resuming = Files.exists(state.resolve("timescaledb").resolve("data").resolve("PG_VERSION"));
        say(resuming ? "resuming from the state in " + state + " (dev/stack --fresh starts over)"
                : "state directory " + state + " (kept across runs; dev/stack --fresh starts over)");
        say("server logs: " + state.resolve("logs") + "/stack.log, " + state + "/{"
                + (options.ownInflux() ? "" : "influxdb/influxd.log, ")
                + "timescaledb/postgres.log, registry/registry.log, connect/worker-*.log}");
        if (influx != null) {
            step("starting InfluxDB 1.x", influx::start);
        }
        step("starting PostgreSQL with TimescaleDB", () -> {
            timescale.start();
            timescale.createDatabaseIfMissing(DATABASE);
        });
        step("starting Kafka (KRaft, one node)", kafka::start);
        step("starting the schema registry", registry::start);
        String influxUrl = influx != null ? influx.url() : options.influxUrl;
        String sourceUrl = influxUrl;
        if (options.throttleBytesPerSecond > 0) {
            java.net.URI uri = java.net.URI.create(influxUrl);
            proxy[0] = ThrottledProxy.to(uri.getHost(), uri.getPort(), options.throttleBytesPerSecond);
            sourceUrl = "http://127.0.0.1:" + proxy[0].port();
            say("the source reads InfluxDB through a proxy that answers at most " + options.throttleBytesPerSecond
                    + " bytes/s");
        }
        step("starting " + options.workers + " Kafka Connect worker process" + (options.workers > 1 ? "es" : ""),
                () -> connect[0] = ConnectCluster.create().withWorkers(options.workers)
                        .withWorkerProperties(workerProperties()).withBootstrapServers(kafka.bootstrapServers())
                        .withRestPorts(CONNECT_PORT).withDirectory(state.resolve("connect")).start());
        ConnectRestClient rest = connect[0].rest();
        String restUrl = connect[0].worker(0).restUrl();
        say("up in " + seconds(started) + " s. Everything listens on 127.0.0.1 only:\n"
                + "  InfluxDB         " + influxUrl + (influx != null ? "   (no auth)" : "") + "\n"
                + "  TimescaleDB      " + timescale.jdbcUrl(DATABASE) + "   user " + TimescaleServer.USER
                + ", password as in the README\n"
                + "  Kafka            " + kafka.bootstrapServers() + "\n"
                + "  Schema registry  " + registry.url() + "   (Confluent API: " + registry.confluentUrl() + ")\n"
                + "  Connect REST     " + restUrl + (options.workers > 1 ? " (" + options.workers
                + " workers, ports " + CONNECT_PORT + "-" + (CONNECT_PORT + options.workers - 1) + ")" : ""));

        long expected = -1;
        if (influx != null) {
            expected = sampleData(influx);
        }
        rest.putConnectorConfig(SOURCE, sourceConfig(sourceUrl));
        rest.putConnectorConfig(SINK, sinkConfig(timescale));
        say((resuming ? "connectors '" : "deployed connectors '") + SOURCE + "' and '" + SINK + "' (Avro, layout "
                + "wide) through " + restUrl + (resuming ? ": resuming from their committed offsets" : ""));
        say("watch from outside: bin/itc status --connect " + restUrl);

        if (showProgressUntilDone(rest, timescale, expected)) {
            verify(influxUrl, timescale);
        }
        say("following new writes" + (options.ownInflux() ? "" : "; try: curl -XPOST '" + influxUrl + "/write?db="
                + SampleDataSet.DATABASE + "' --data-binary 'cpu,host=new usage_user=1.5'"));
        say("Ctrl-C stops everything and keeps the state in " + state);
        while (!stopped.await(5, TimeUnit.SECONDS)) {
            showLive(rest, timescale);
        }
    }

    /**
     * Takes the state directory for this run: refuses when another stack runs on it; kills what a crashed earlier
     * run left running (its servers outlive it only if its watchdog died too); {@code --fresh} deletes it.
     */
    private void claimStateDir() throws IOException {
        Path pidFile = state.resolve("stack.pid");
        if (Files.exists(pidFile)) {
            String[] f = Files.readString(pidFile, StandardCharsets.UTF_8).trim().split(" ");
            long pid = Long.parseLong(f[0]);
            if (pid != ProcessHandle.current().pid() && f.length > 1 && f[1].equals(Lifeline.startTime(pid))) {
                throw new IllegalStateException("another dev/stack (pid " + pid + ") runs on " + state
                        + "; stop it first, or give this one --state-dir");
            }
            say("an earlier run (pid " + pid + ") ended without stopping: cleaning up after it");
        }
        Path servers = state.resolve("servers.pids");
        for (String killed : Lifeline.killLeftovers(servers)) {
            say("killed " + killed + ", left running by an earlier run");
        }
        if (options.fresh) {
            say("--fresh: deleting the state of earlier runs in " + state);
            try (var children = Files.list(state)) {
                for (Path p : (Iterable<Path>) children::iterator) {
                    if (!p.getFileName().toString().equals("logs")) {
                        Fixtures.deleteTree(p);
                    }
                }
            }
        }
        Fixtures.deleteTree(state.resolve("tmp"));
        Files.createDirectories(state.resolve("tmp"));
        Files.writeString(pidFile, ProcessHandle.current().pid() + " "
                + Lifeline.startTime(ProcessHandle.current().pid()) + "\n", StandardCharsets.UTF_8);
        Lifeline.get().recordIn(servers);
    }

    /** Loads the sample data set once per state directory; returns its number of field values. */
    private long sampleData(InfluxServer influx) throws IOException {
        Path marker = state.resolve("sample.properties");
        Properties p = new Properties();
        if (Files.exists(marker)) {
            try (Reader r = Files.newBufferedReader(marker, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        if (p.getProperty("field.values") != null) {
            say("the sample data set is in InfluxDB already (database '" + SampleDataSet.DATABASE + "', "
                    + p.getProperty("field.values") + " field values)");
            return Long.parseLong(p.getProperty("field.values"));
        }
        // The end time is fixed before the first write: a load cut short by a crash writes the same points again.
        if (p.getProperty("end.ns") == null) {
            p.setProperty("end.ns", Long.toString(System.currentTimeMillis() * 1_000_000L - 60_000_000_000L));
            p.setProperty("hours", Integer.toString(options.sampleHours));
            store(p, marker);
        }
        say("loading the sample data set into InfluxDB database '" + SampleDataSet.DATABASE + "'");
        long values = SampleDataSet.load(influx, Long.parseLong(p.getProperty("end.ns")),
                Integer.parseInt(p.getProperty("hours")));
        p.setProperty("field.values", Long.toString(values));
        store(p, marker);
        say(values + " field values written");
        return values;
    }

    private static void store(Properties p, Path file) throws IOException {
        try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "the local stack's sample data set");
        }
    }

    /** connect-config/local/worker.properties, with this machine's absolute plugin path. */
    private static Map<String, String> workerProperties() throws IOException {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(CONFIG.resolve("worker.properties"))) {
            file.load(reader);
        }
        Map<String, String> props = new LinkedHashMap<>();
        file.stringPropertyNames().forEach(k -> props.put(k, file.getProperty(k)));
        // Set per worker (REST port) and by the broker started here.
        props.keySet().removeAll(List.of("bootstrap.servers", "listeners", "rest.advertised.host.name",
                "rest.advertised.port"));
        String pluginPath = System.getProperty("itc.plugin.path");
        props.put("plugin.path", Path.of(pluginPath == null ? props.get("plugin.path") : pluginPath)
                .toAbsolutePath().toString());
        // A killed worker's tasks move to the others after 10 s, not Connect's 5 minutes.
        props.put("scheduled.rebalance.max.delay.ms", "10000");
        return props;
    }

    /** connect-config/local/influx-source.avro.json, pointed at the stack's (or the user's) InfluxDB. */
    Map<String, String> sourceConfig(String influxUrl) throws IOException {
        Map<String, String> config = connectorConfig("influx-source.avro.json");
        config.put("influxdb.url", influxUrl);
        if (options.ownInflux()) {
            putEnv(config, "influxdb.username", "ITC_INFLUX_USER");
            putEnv(config, "influxdb.password", "ITC_INFLUX_PASSWORD");
            putEnv(config, "influxdb.token", "ITC_INFLUX_TOKEN");
            if (!options.databases.isEmpty()) {
                List<String> patterns = new ArrayList<>();
                options.databases.forEach(d -> patterns.add(Pattern.quote(d)));
                config.put("databases.include", String.join(",", patterns));
            }
        }
        // Migration topics: kept forever so a replay is always possible, never compacted (every record counts).
        config.put("topic.creation.default.retention.ms", "-1");
        config.put("topic.creation.default.cleanup.policy", "delete");
        return config;
    }

    private static void putEnv(Map<String, String> config, String key, String variable) {
        String value = System.getenv(variable);
        if (value != null && !value.isEmpty()) {
            config.put(key, value);
        }
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

    /** Shows the backfill's progress; true when it is complete, false when a connector failed. */
    private boolean showProgressUntilDone(ConnectRestClient rest, TimescaleServer timescale, long expected)
            throws InterruptedException {
        String last = "";
        long lastShown = 0;
        while (true) {
            String states = states(rest, SOURCE) + ", " + states(rest, SINK);
            List<ContainerProgress> progress;
            try {
                progress = BackfillProgress.of(rest, SOURCE);
            } catch (ConnectRestException e) {
                if (!e.rebalancing()) {
                    throw e;
                }
                Thread.sleep(1000); // the workers are assigning tasks; ask again
                continue;
            }
            long done = progress.stream().filter(ContainerProgress::backfillDone).count();
            double percent = progress.stream().mapToDouble(ContainerProgress::percentDone).average().orElse(0);
            long values = fieldValues(timescale);
            String line = String.format("%s | backfill %d/%d containers, %.0f%% | %d%s field values in TimescaleDB",
                    states, done, progress.size(), percent, values, expected >= 0 ? " of " + expected : "");
            long now = System.currentTimeMillis();
            if (!line.equals(last) && now - lastShown >= PROGRESS_EVERY_MS) {
                say(line);
                last = line;
                lastShown = now;
            }
            if (states.contains("FAILED")) {
                say(line);
                say("a connector failed: see " + rest.baseUrl() + "/connectors/<name>/status for the trace, and "
                        + state.resolve("connect") + "/worker-*.log");
                return false;
            }
            // More values than the sample holds: points written into it while following (the README's example).
            if (!progress.isEmpty() && done == progress.size() && (expected < 0 || values >= expected)) {
                say(line);
                say("backfill complete: " + values + " field values in TimescaleDB (schema " + TARGET_SCHEMA
                        + ", a hypertable and a view per measurement)");
                return true;
            }
            Thread.sleep(2000); // each look at the offsets costs the worker a consumer: not more often
        }
    }

    /** Runs {@code itc verify} (with its HTML report) against this stack and prints its verdict. */
    private void verify(String influxUrl, TimescaleServer timescale) {
        Path html = state.resolve("verify.html");
        List<String> args = new ArrayList<>(List.of("verify", "--influx-url", influxUrl, "--jdbc-url",
                timescale.jdbcUrl(DATABASE), "--jdbc-user", TimescaleServer.USER, "--jdbc-password",
                TimescaleServer.PASSWORD, "--bucket", "1h", "--html", html.toString()));
        options.databases.forEach(d -> args.addAll(List.of("--database", d)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Itc.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        String[] lines = out.toString().strip().split("\n");
        say("itc verify: " + lines[lines.length - 1] + (code == 0 ? "" : " (exit " + code + ")")
                + (err.toString().isBlank() ? "" : " " + err.toString().strip()));
        if (Files.exists(html)) {
            say("verify report: " + html.toUri());
        }
    }

    /** While following: how many containers are live, the largest lag (now - watermark) and the values so far. */
    private void showLive(ConnectRestClient rest, TimescaleServer timescale) {
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
                + "%d field values in TimescaleDB", live, progress.size(), maxLagMs / 1000, fieldValues(timescale));
        if (!line.replaceAll("at most \\d+ s", "").equals(lastLive.replaceAll("at most \\d+ s", ""))) {
            say(line);
            lastLive = line;
        }
    }

    private static String states(ConnectRestClient rest, String name) {
        try {
            JsonNode status = rest.status(name);
            StringBuilder s = new StringBuilder(name).append(' ')
                    .append(status.path("connector").path("state").asText("?"));
            status.path("tasks").forEach(t -> s.append(' ').append(t.path("state").asText("?")));
            return s.toString();
        } catch (RuntimeException e) {
            return name + " (no status yet)";
        }
    }

    private static long fieldValues(TimescaleServer timescale) {
        try (Connection c = timescale.connect(DATABASE)) {
            return WideCount.fieldValues(c, TARGET_SCHEMA);
        } catch (SQLException e) {
            return 0; // the sink has not created its tables yet
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(String what, Step step) throws Exception {
        long started = System.nanoTime();
        say(what + " ...");
        step.run();
        say(what + ": done in " + seconds(started) + " s");
    }

    private static String seconds(long startedNanos) {
        return String.format("%.1f", (System.nanoTime() - startedNanos) / 1e9);
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

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next start finds it and sees that its process is gone
        }
    }

    private static void say(String message) {
        System.out.println("stack: " + message);
        System.out.flush();
    }
}
