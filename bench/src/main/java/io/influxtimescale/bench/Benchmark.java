package io.influxtimescale.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaBroker;
import io.influxtimescale.fixtures.SchemaRegistryServer;
import io.influxtimescale.fixtures.TimescaleServer;
import io.influxtimescale.sink.sql.Identifiers;

/**
 * The benchmark behind {@code bench/run}: starts InfluxDB, TimescaleDB, a Kafka broker, the schema registry and a
 * Connect worker (its own JVM), loads the data set, measures the raw limits, the pipeline per layout and converter, a
 * replay, Debezium's JDBC sink and live lag, all in one run, and prints and writes the table ({@link Report}).
 */
public final class Benchmark {
    private final BenchOptions options;
    private final DataSet data;
    private final List<Measurement> results = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** Where the worker's CPU went in each stage that ran connectors, by measurement name and thread group. */
    private final Map<String, Map<String, Double>> workerThreads = new LinkedHashMap<>();
    private InfluxServer influx;
    private TimescaleServer timescale;
    private SchemaRegistryServer registry;
    private KafkaBroker broker;
    private BenchWorker worker;
    private Kafka kafka;
    private Connectors connectors;
    private long influxPid;
    private long postgresPid;
    private Report.Live live;
    private Report.Reconcile reconcile;
    private long workerPeakRssMb;
    private List<Scaling.Run> scaling = List.of();

    private Benchmark(BenchOptions options) {
        this.options = options;
        this.data = DataSet.ofFieldValues(options.size());
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        Benchmark bench = new Benchmark(options);
        // Ctrl-C: PostgreSQL runs detached (pg_ctl), so only an explicit stop ends it.
        Thread cleanup = new Thread(bench::stop, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            bench.run();
        } finally {
            bench.stop();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        System.exit(0); // the embedded broker leaves non-daemon threads behind
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        log("data set: " + data);
        startServers();
        Report report = new Report(options, data, Machine.describe(influx, timescale, options.pluginPath()));
        Measurement.Cpu c0 = cpu();
        long t0 = System.nanoTime();
        data.writeTo(influx);
        log(String.format("loaded into InfluxDB in %.1f s", (System.nanoTime() - t0) / 1e9));
        if (!options.skips("raw-read")) {
            rawRead();
        }
        if (!options.skips("raw-copy")) {
            // the raw limits of every layout the pipeline runs with (and of the default layout, which replay uses):
            // each pipeline is compared with the raw staged upsert of its own rows
            Set<String> rawLayouts = new LinkedHashSet<>(options.layouts());
            if (!options.skips("replay")) {
                rawLayouts.add(options.defaultLayout());
            }
            for (String layout : rawLayouts) {
                rawCopy(layout);
            }
        }
        String replayTopic = null;
        for (String layout : options.skips("pipeline") ? List.<String>of() : options.layouts()) {
            for (String converter : options.converters()) {
                String topic = pipeline(layout, converter);
                if (layout.equals(options.defaultLayout()) && converter.equals("json")) {
                    replayTopic = topic;
                }
            }
        }
        if (replayTopic != null && !options.skips("replay")) {
            replay(replayTopic, options.defaultLayout());
        }
        if (!options.skips("debezium")) {
            debezium();
        }
        if (!options.skips("live")) {
            live = liveLag(options.defaultLayout());
        }
        if (!options.skips("reconcile")) {
            reconcile = reconciliation(options.defaultLayout());
        }
        if (!options.skips("scaling")) {
            scaling = new Scaling(kafka, broker.bootstrapServers(), connectors, data, options,
                    this::connectUnchecked, influxPid, postgresPid).run(options.defaultLayout());
            scaling.stream().filter(r -> !r.problem().isEmpty()).forEach(r -> check(false, "scaling " + r.workers()
                    + " worker(s), " + r.tasks() + " task(s): " + r.problem()));
        }
        workerPeakRssMb = worker.peakRssMb();
        report.workerNativeMemory(worker.nativeMemoryCommittedMb());
        report.workerThreads(workerThreads);
        report.write(results, live, reconcile, workerPeakRssMb, notes, (System.nanoTime() - started) / 1e9,
                cpu().minus(c0), Scaling.report(scaling, options.defaultLayout()));
    }

    private void startServers() throws Exception {
        influx = InfluxServer.create().start();
        timescale = TimescaleServer.create().start();
        timescale.createDatabase("bench");
        if (options.converters().contains("avro")) {
            registry = SchemaRegistryServer.create().start();
        }
        broker = new KafkaBroker().start();
        kafka = new Kafka(broker.bootstrapServers());
        worker = BenchWorker.start(broker.bootstrapServers(), options.pluginPath(), options.workerClassPath(),
                options.workerHeap(), options.workerJvmOptions(),
                options.jfr() ? options.logDir().resolve("worker.jfr") : null,
                options.logDir());
        connectors = new Connectors(influx.url(), timescale.jdbcUrl("bench"), TimescaleServer.USER,
                TimescaleServer.PASSWORD, registry == null ? "" : registry.apicurioUrl());
        influxPid = ProcStat.find("influxd", influx.directory().toString());
        postgresPid = ProcStat.find("bin/postgres", "-p " + timescale.port());
        log("servers up: InfluxDB " + influx.url() + ", TimescaleDB port " + timescale.port() + ", Connect "
                + worker.rest().baseUrl() + " (pid " + worker.pid() + ", -Xmx" + options.workerHeap() + ")");
    }

    private Measurement.Cpu cpu() {
        return new Measurement.Cpu(ProcStat.treeCpuSeconds(influxPid), ProcStat.cpuSeconds(worker.pid()),
                ProcStat.treeCpuSeconds(postgresPid), ProcStat.cpuSeconds(ProcessHandle.current().pid()));
    }

    private void rawRead() {
        double best = Double.MAX_VALUE;
        long values = 0;
        Measurement.Cpu bestCpu = null;
        for (int pass = 0; pass < 2; pass++) { // the first pass also warms up the reader's JIT
            Measurement.Cpu before = cpu();
            long start = System.nanoTime();
            values = RawRead.readAll(influx.url(), data);
            double s = (System.nanoTime() - start) / 1e9;
            if (s < best) {
                best = s;
                bestCpu = cpu().minus(before);
            }
        }
        check(values == data.fieldValues(), "raw read saw " + values + " field values, expected "
                + data.fieldValues());
        add(new Measurement("raw read", "chunked msgpack /query, decoded, discarded (best of 2)", best, values,
                data.points(), bestCpu, -1, -1, ""));
    }

    private void rawCopy(String layout) throws Exception {
        String schema = "raw_" + layout;
        RawCopy.Result r = new RawCopy(connectors.sink("unused", layout, schema, "json"), data, Connectors.TASKS,
                this::cpu).run();
        String streams = Connectors.TASKS + " streams, " + RawCopy.ROWS_PER_TRANSACTION + " rows/transaction";
        add(new Measurement("raw COPY", layout + ": binary COPY into the empty hypertable, " + streams,
                r.copy().seconds(), data.fieldValues(), r.rows(), r.copy().cpu(), -1, -1, ""));
        add(new Measurement("raw staged upsert", layout + ": new rows (the sink's StagedCopyWriter, upsert only), "
                + streams,
                r.stagedNew().seconds(), data.fieldValues(), r.rows(), r.stagedNew().cpu(), -1, -1, ""));
        add(new Measurement("raw staged upsert", layout + ": re-applied (every row conflicts)",
                r.stagedReapplied().seconds(), data.fieldValues(), r.rows(), r.stagedReapplied().cpu(), -1, -1, ""));
        add(new Measurement("raw staged upsert", layout + ": re-applied by the sink's writer (direct copy tried first)",
                r.sinkReapplied().seconds(), data.fieldValues(), r.rows(), r.sinkReapplied().cpu(), -1, -1, ""));
        dropSchema(schema);
    }

    /** Source and sink deployed at once; the clock stops when the last point of every series is in TimescaleDB. */
    private String pipeline(String layout, String converter) throws Exception {
        String name = layout + "-" + converter;
        String prefix = "p-" + name + ".";
        String topic = prefix + DataSet.DATABASE;
        String schema = "p_" + layout + "_" + converter;
        LayoutProbe probe = new LayoutProbe(layout, schema);
        kafka.createTopic(topic, Connectors.PARTITIONS);
        ConnectRestClient rest = worker.rest();
        worker.resetHeapPeak();
        Measurement.Cpu before = cpu();
        Map<Long, Map.Entry<String, Double>> threads = ProcStat.threadCpuSeconds(worker.pid());
        long start = System.nanoTime();
        rest.putConnectorConfig("source-" + name, connectors.source(prefix, DataSet.DATABASE, "backfill", converter));
        rest.putConnectorConfig("sink-" + name, connectors.sink(topic, layout, schema, converter));
        long expectedAtEnd = (long) DataSet.SERIES * probe.rowsPerPoint();
        try (Connection c = connect()) {
            awaitOrFail("pipeline " + name, () -> probe.rowsAt(c, data.lastTime()) >= expectedAtEnd,
                    "source-" + name, "sink-" + name);
            double seconds = (System.nanoTime() - start) / 1e9;
            Measurement.Cpu used = cpu().minus(before);
            long[] heap = worker.heapPeakMb();
            long rows = probe.totalRows(c);
            long expected = data.points() * probe.rowsPerPoint();
            check(rows == expected, "pipeline " + name + ": " + rows + " rows, expected " + expected);
            add(new Measurement("pipeline", layout + ", " + converter + ": backfill, deploy to last point in "
                    + "TimescaleDB", seconds, data.fieldValues(), rows, used, heap[0], heap[1], ""),
                    ProcStat.groupDelta(threads, ProcStat.threadCpuSeconds(worker.pid()), used.worker()));
        }
        rest.delete("source-" + name);
        rest.delete("sink-" + name);
        dropSchema(schema);
        return topic;
    }

    /** A new sink (new consumer group) reads the full topic into empty tables; ends when its lag is 0. */
    private void replay(String topic, String layout) throws Exception {
        String schema = "replay_" + layout;
        LayoutProbe probe = new LayoutProbe(layout, schema);
        Map<String, String> config = connectors.sink(topic, layout, schema, "json");
        sinkRun("replay", layout + ", json: full topic into empty tables (ends at lag 0)",
                "replay-" + layout, topic, config, probe.rowsPerPoint(), c -> probe.totalRows(c), null);
        dropSchema(schema);
    }

    private void debezium() throws Exception {
        String topic = "flat." + DataSet.DATABASE;
        kafka.createTopic(topic, Connectors.PARTITIONS);
        long start = System.nanoTime();
        long produced = FlatTopic.produce(broker.bootstrapServers(), topic, data);
        log(String.format("flat topic for Debezium: %,d records in %.1f s", produced,
                (System.nanoTime() - start) / 1e9));
        for (String variant : Connectors.DEBEZIUM_VARIANTS) {
            String table = "dbz_" + variant;
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE " + Identifiers.quote(table) + " " + FlatTopic.TABLE_DDL);
                st.execute("SELECT create_hypertable('" + table + "', by_range('time', 86400000000000::bigint))");
            }
            Map<String, String> config = connectors.debezium(topic, table, variant);
            Duration cap = variant.equals("defaults") ? options.debeziumDefaultsCap() : null;
            sinkRun("debezium", variant + " (" + summary(config) + ")", "dbz-" + variant, topic,
                    config, 1, c -> count(c, table), cap);
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.execute("DROP TABLE " + Identifiers.quote(table));
            }
        }
    }

    private static String summary(Map<String, String> c) {
        return "tasks " + c.get("tasks.max") + ", batch.size " + c.getOrDefault("batch.size", "500")
                + ", max.poll.records " + c.getOrDefault("consumer.override.max.poll.records", "500")
                + (c.get("connection.url").contains("reWriteBatchedInserts") ? ", reWriteBatchedInserts" : "")
                + (c.containsKey("dialect.postgres.unnest.insert.enabled") ? ", unnest" : "");
    }

    @FunctionalInterface
    private interface RowCount {
        long count(Connection c) throws SQLException;
    }

    /**
     * Deploys a sink on a full topic and waits until its consumer group has committed everything, or, with a
     * {@code cap} (only for a topic of one record per point: the flat topic), until the cap has passed: its rate is
     * then the points committed so far over the time so far, and the table is not checked for completeness. Adds the
     * measurement with the worker's CPU by thread group.
     */
    private void sinkRun(String stage, String variant, String name, String topic, Map<String, String> config,
                                int rowsPerPoint, RowCount rows, Duration cap) throws Exception {
        ConnectRestClient rest = worker.rest();
        worker.resetHeapPeak();
        Measurement.Cpu before = cpu();
        Map<Long, Map.Entry<String, Double>> threads0 = ProcStat.threadCpuSeconds(worker.pid());
        long start = System.nanoTime();
        long stopAt = cap == null ? Long.MAX_VALUE : start + cap.toNanos();
        long[] lag = {-1};
        rest.putConnectorConfig(name, config);
        awaitOrFail(stage + " " + name, () -> {
            try {
                lag[0] = kafka.lag(name, topic);
            } catch (Exception e) {
                return false;
            }
            return lag[0] == 0 || (System.nanoTime() > stopAt && lag[0] > 0);
        }, name);
        double seconds = (System.nanoTime() - start) / 1e9;
        Measurement.Cpu used = cpu().minus(before);
        Map<String, Double> threads = ProcStat.groupDelta(threads0, ProcStat.threadCpuSeconds(worker.pid()),
                used.worker());
        long[] heap = worker.heapPeakMb();
        rest.delete(name);
        long n;
        try (Connection c = connect()) {
            n = rows.count(c);
        }
        long expected = data.points() * rowsPerPoint;
        if (lag[0] > 0) {
            long points = data.points() - lag[0];
            add(new Measurement(stage, variant, seconds, points * DataSet.FIELDS, points, used, heap[0], heap[1],
                    String.format("%s stopped after %.0f s, %,d of %,d points committed (all of them would take "
                            + "about %.0f s at this rate)", name, seconds, points, data.points(),
                            seconds * data.points() / points)), threads);
            return;
        }
        check(n == expected, stage + " " + name + ": " + n + " rows, expected " + expected);
        add(new Measurement(stage, variant, seconds, data.fieldValues(), n, used, heap[0], heap[1], ""), threads);
    }

    private Report.Live liveLag(String layout) throws Exception {
        List<Report.LiveRun> runs = new ArrayList<>();
        Map<String, Map<String, String[]>> profiles = new java.util.LinkedHashMap<>();
        profiles.put("defaults", Map.of());
        profiles.put("earlier defaults", Map.of("source", new String[] {"live.poll.interval.ms=1000",
            "live.safety.delay.ms=1000"}, "sink", new String[] {"batch.linger.ms=1000"}));
        profiles.put("low-latency", Map.of("source", new String[] {"live.poll.interval.ms=250",
            "live.safety.delay.ms=250"}, "sink", new String[] {"batch.linger.ms=200"}));
        for (Map.Entry<String, Map<String, String[]>> profile : profiles.entrySet()) {
            String name = "live-" + profile.getKey().replace(' ', '-');
            String db = "live_" + profile.getKey().replaceAll("[^a-z]", "_");
            String prefix = name + ".";
            String schema = db;
            influx.query("CREATE DATABASE " + db);
            // a point in the past in every container the run writes to, so that they exist before the clock starts:
            // the lag measured is the steady state's, not that of a new measurement's discovery (a reconfiguration
            // restarts the source's tasks; that pause is a separate matter)
            influx.write(db, LiveLag.pastPoints(System.currentTimeMillis() - 60_000));
            Map<String, String> source = connectors.source(prefix, db, "backfill+live", "json");
            Map<String, String> sink = connectors.sink(prefix + db, layout, schema, "json");
            List<String> settings = new ArrayList<>();
            for (String kv : profile.getValue().getOrDefault("source", new String[0])) {
                source.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                settings.add("source " + kv);
            }
            for (String kv : profile.getValue().getOrDefault("sink", new String[0])) {
                sink.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                settings.add("sink " + kv);
            }
            kafka.createTopic(prefix + db, Connectors.PARTITIONS);
            ConnectRestClient rest = worker.rest();
            rest.putConnectorConfig("source-" + name, source);
            rest.putConnectorConfig("sink-" + name, sink);
            Fixtures.await("the live source to go live", Duration.ofMinutes(2), () -> allLive(rest, "source-" + name));
            worker.resetHeapPeak();
            LayoutProbe probe = new LayoutProbe(layout, schema);
            Measurement.Cpu before = cpu();
            long t0 = System.nanoTime();
            LiveLag.Result r = LiveLag.measure(influx, db, options.liveRate(), options.liveSeconds(),
                    this::connectUnchecked, probe);
            Measurement.Cpu used = cpu().minus(before);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long[] heap = worker.heapPeakMb();
            runs.add(new Report.LiveRun(profile.getKey(), settings.isEmpty() ? "poll 500 ms, safety delay 500 ms, "
                    + "linger 250 ms" : String.join(", ", settings), r, heap, used, seconds));
            log(String.format("live %s: p50 %d ms, p99 %d ms, max %d ms (%d markers, %.0f points/s)",
                    profile.getKey(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.markers(), r.achievedRate()));
            rest.delete("source-" + name);
            rest.delete("sink-" + name);
        }
        return new Report.Live(layout, options.liveRate(), options.liveSeconds(), runs);
    }

    /**
     * Reconciliation's cost and speed, at the default settings: the data set is backfilled and followed with
     * reconciliation off, InfluxDB's idle CPU rate is taken, then reconciliation is switched on and its first cycle (a
     * count of every cell against the tallies, which must match: nothing is read again) is timed and its InfluxDB CPU
     * taken above the idle rate. Then 1 M points are bulk-loaded into the data set's past (behind the watermark, where
     * only reconciliation can see them) and the time until all are in TimescaleDB is taken, with a 60 s interval.
     */
    private Report.Reconcile reconciliation(String layout) throws Exception {
        String name = "reconcile";
        String prefix = name + ".";
        String topic = prefix + DataSet.DATABASE;
        String schema = "rec_" + layout;
        LayoutProbe probe = new LayoutProbe(layout, schema);
        kafka.createTopic(topic, Connectors.PARTITIONS);
        ConnectRestClient rest = worker.rest();
        Map<String, String> source = connectors.source(prefix, DataSet.DATABASE, "backfill+live", "json");
        source.put("reconcile.enabled", "false");
        rest.putConnectorConfig("source-" + name, source);
        rest.putConnectorConfig("sink-" + name, connectors.sink(topic, layout, schema, "json"));
        long expected = data.points() * probe.rowsPerPoint();
        try (Connection c = connect()) {
            awaitOrFail("reconcile: backfill", () -> allLive(rest, "source-" + name)
                    && totalRowsUnchecked(probe, c) >= expected, "source-" + name, "sink-" + name);
            // InfluxDB's rate while the live phase follows an idle database.
            double idleSeconds = 20;
            Measurement.Cpu idle0 = cpu();
            sleep((long) (idleSeconds * 1000));
            Measurement.Cpu idle = cpu().minus(idle0);
            double idleRate = idle.influx() / idleSeconds;
            double idleWorkerRate = idle.worker() / idleSeconds;
            long recordsBefore = kafka.endOffsetSum(topic);
            // Reconciliation on, defaults: the first cycle starts at once.
            source.remove("reconcile.enabled");
            long switchedOnMs = System.currentTimeMillis();
            Measurement.Cpu cycle0 = cpu();
            long t0 = System.nanoTime();
            rest.putConnectorConfig("source-" + name, source);
            awaitOrFail("reconcile: first cycle", () -> allReconciledAfter(rest, "source-" + name, switchedOnMs),
                    "source-" + name);
            double cycleSeconds = (System.nanoTime() - t0) / 1e9;
            Measurement.Cpu cycle = cpu().minus(cycle0);
            double cycleCpu = cycle.influx() - idleRate * cycleSeconds;
            double cycleWorkerCpu = cycle.worker() - idleWorkerRate * cycleSeconds;
            long reread = kafka.endOffsetSum(topic) - recordsBefore;
            log(String.format("reconcile: a cycle over %,d field values took %.1f s and %.2f CPU-s of InfluxDB above "
                    + "idle, %.2f CPU-s of the worker above idle (%d records read again)", data.fieldValues(), cycleSeconds,
                    cycleCpu, cycleWorkerCpu, reread));

            // 1 M points loaded late into the past, with a 60 s interval.
            source.put("reconcile.interval.ms", "60000");
            rest.putConnectorConfig("source-" + name, source);
            long late = 1_000_000;
            int lateSeries = 100;
            long rowsBefore = probe.totalRows(c);
            StringBuilder lines = new StringBuilder();
            long loadStart = System.nanoTime();
            for (int s = 0; s < lateSeries; s++) {
                for (long i = 0; i < late / lateSeries; i++) {
                    long t = DataSet.T0 + i * (data.lastTime() - DataSet.T0) / (late / lateSeries) + 1;
                    lines.append(DataSet.measurement(0)).append(",device=late-").append(s).append(" temperature=")
                            .append(i % 100 + 0.5).append(',').append("count=").append(i).append("i,state=\"late\","
                                    + "ok=true ").append(t).append('\n');
                    if (lines.length() > 8_000_000) {
                        influx.write(DataSet.DATABASE, lines.toString());
                        lines.setLength(0);
                    }
                }
            }
            influx.write(DataSet.DATABASE, lines.toString());
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            long loaded = System.nanoTime();
            long expectedRows = rowsBefore + late * probe.rowsPerPoint();
            awaitOrFail("reconcile: the late bulk load in TimescaleDB", () -> totalRowsUnchecked(probe, c)
                    >= expectedRows, "source-" + name, "sink-" + name);
            double lateSeconds = (System.nanoTime() - loaded) / 1e9;
            log(String.format("reconcile: 1 M points loaded late (in %.1f s) were in TimescaleDB %.1f s later",
                    loadSeconds, lateSeconds));
            rest.delete("source-" + name);
            rest.delete("sink-" + name);
            dropSchema(schema);
            // the stages after this one measure the data set as generated
            influx.query(DataSet.DATABASE, "DROP SERIES FROM \"" + DataSet.measurement(0)
                    + "\" WHERE \"device\" =~ /^late-/");
            return new Report.Reconcile(layout, data.fieldValues(), idleRate, cycleSeconds, cycleCpu, idleWorkerRate,
                    cycleWorkerCpu, reread, late, loadSeconds, lateSeconds, 60);
        }
    }

    private static long totalRowsUnchecked(LayoutProbe probe, Connection c) {
        try {
            return probe.totalRows(c);
        } catch (SQLException e) {
            return 0; // tables not created yet
        }
    }

    /** Every container of the source has completed a reconciliation cycle that started after {@code afterMs}. */
    private static boolean allReconciledAfter(ConnectRestClient rest, String source, long afterMs) {
        int containers = 0;
        for (var entry : rest.offsets(source).path("offsets")) {
            var p = entry.path("partition");
            if (p.has("measurement") && !p.has("slice_start_ns")) {
                if (entry.path("offset").path("reconciled_at_ms").asLong() <= afterMs) {
                    return false;
                }
                containers++;
            }
        }
        return containers > 0;
    }

    private static boolean allLive(ConnectRestClient rest, String source) {
        int live = 0;
        for (var entry : rest.offsets(source).path("offsets")) {
            // containers only: a slice of a container's backfill stays a backfill offset
            if (entry.path("partition").has("measurement") && !entry.path("partition").has("slice_start_ns")) {
                if (!"live".equals(entry.path("offset").path("phase").asText())) {
                    return false;
                }
                live++;
            }
        }
        return live > 0;
    }

    /** Waits (up to 30 minutes) for {@code done}; fails at once when one of the connectors has a failed task. */
    private void awaitOrFail(String what, java.util.function.BooleanSupplier done, String... connectorNames) {
        ConnectRestClient rest = worker.rest();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        long lastCheck = 0;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            if (System.nanoTime() - lastCheck > 5_000_000_000L) {
                lastCheck = System.nanoTime();
                for (String name : connectorNames) {
                    String status;
                    try {
                        status = rest.status(name).toString();
                    } catch (RuntimeException e) {
                        continue; // just deployed: the worker has no status for it yet (404)
                    }
                    if (status.contains("\"FAILED\"")) {
                        throw new IllegalStateException(what + ": connector " + name + " failed: " + status);
                    }
                }
            }
            sleep(250);
        }
    }

    private Connection connect() throws SQLException {
        return timescale.connect("bench");
    }

    private Connection connectUnchecked() {
        try {
            return connect();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM " + Identifiers.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void dropSchema(String schema) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + Identifiers.quote(schema) + " CASCADE");
            st.execute("CHECKPOINT");
        }
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            notes.add("CHECK FAILED: " + message);
            log("CHECK FAILED: " + message);
        }
    }

    private void add(Measurement m, Map<String, Double> threads) {
        workerThreads.put(m.name(), threads);
        add(m);
    }

    private void add(Measurement m) {
        results.add(m);
        log(String.format("%-18s %-70s %7.1f s %,12.0f field values/s %,12.0f rows/s%s", m.stage(), m.variant(),
                m.seconds(), m.fieldValuesPerSecond(), m.rowsPerSecond(), m.cpu() == null ? ""
                        : "  CPU s influx/worker/postgres/bench " + m.cpu()));
    }

    static void log(String line) {
        System.out.println("[bench] " + line);
        System.out.flush();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void stop() {
        for (AutoCloseable c : new AutoCloseable[] {kafka, worker, broker, registry, timescale, influx}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("could not stop " + c + ": " + e);
                }
            }
        }
        kafka = null;
        worker = null;
        broker = null;
        registry = null;
        timescale = null;
        influx = null;
    }
}
