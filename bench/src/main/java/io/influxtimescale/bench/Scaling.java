package io.influxtimescale.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.fixtures.ConnectCluster;
import io.influxtimescale.fixtures.ConnectWorkerProcess;

/**
 * The {@code scaling} stage: the backfill of the data set (source and sink deployed at once, until the last point of
 * every series is in TimescaleDB) with 1, 2 and 4 tasks on each connector over a Connect cluster of 1 and of 2 worker
 * processes (a {@link ConnectCluster} of its own per size, on the benchmark's broker), with the CPU each process
 * spent per field value and the busiest process: the bottleneck.
 */
final class Scaling {
    static final int[] WORKERS = {1, 2};
    static final int[] TASKS = {1, 2, 4};
    static final int PARTITIONS = 4;

    /**
     * One configuration's result. CPU in seconds over the run: every worker process (one entry each), InfluxDB,
     * PostgreSQL, and the benchmark's JVM (which holds the Kafka broker).
     */
    record Run(int workers, int tasks, double seconds, long fieldValues, double[] workerCpu, double influxCpu,
               double postgresCpu, double brokerCpu, String problem) {
        double fieldValuesPerSecond() {
            return fieldValues / seconds;
        }

        double workersCpu() {
            double sum = 0;
            for (double w : workerCpu) {
                sum += w;
            }
            return sum;
        }

        /** Microseconds of CPU per field value. */
        double perValue(double cpuSeconds) {
            return cpuSeconds * 1e6 / fieldValues;
        }

        /** The process that used the most CPU per second of wall time, with its share of one core. */
        String bottleneck() {
            String name = "InfluxDB";
            double max = influxCpu;
            for (int i = 0; i < workerCpu.length; i++) {
                if (workerCpu[i] > max) {
                    max = workerCpu[i];
                    name = workerCpu.length == 1 ? "worker" : "worker " + (i + 1);
                }
            }
            if (postgresCpu > max) {
                max = postgresCpu;
                name = "PostgreSQL";
            }
            if (brokerCpu > max) {
                max = brokerCpu;
                name = "broker (bench JVM)";
            }
            return String.format("%s (%.2f cores)", name, max / seconds);
        }
    }

    private final Kafka kafka;
    private final String bootstrapServers;
    private final Connectors connectors;
    private final DataSet data;
    private final BenchOptions options;
    private final Supplier<Connection> connect;
    private final long influxPid;
    private final long postgresPid;
    private int sequence;

    Scaling(Kafka kafka, String bootstrapServers, Connectors connectors, DataSet data, BenchOptions options,
            Supplier<Connection> connect, long influxPid, long postgresPid) {
        this.kafka = kafka;
        this.bootstrapServers = bootstrapServers;
        this.connectors = connectors;
        this.data = data;
        this.options = options;
        this.connect = connect;
        this.influxPid = influxPid;
        this.postgresPid = postgresPid;
    }

    List<Run> run(String layout) throws Exception {
        List<Run> runs = new ArrayList<>();
        for (int workers : WORKERS) {
            Path dir = options.logDir().resolve("scaling-" + workers);
            Files.createDirectories(dir);
            try (ConnectCluster cluster = ConnectCluster.create().withBootstrapServers(bootstrapServers)
                    .withWorkers(workers).withClassPath(Files.readString(options.workerClassPath()).trim())
                    .withWorkerProperty("plugin.path", options.pluginPath().toString())
                    .withWorkerProperty("offset.flush.interval.ms", "1000").withMaxHeap(options.workerHeap())
                    .withDirectory(dir)) {
                cluster.start();
                // a fresh worker JVM runs the first backfill cold (class loading, JIT): one run to warm up, not kept
                Run warmUp = once(cluster, layout, workers, TASKS[TASKS.length - 1]);
                Benchmark.log(String.format("scaling: %d worker(s), warm-up run: %.1f s", workers, warmUp.seconds()));
                for (int tasks : TASKS) {
                    Run r = once(cluster, layout, workers, tasks);
                    runs.add(r);
                    Benchmark.log(String.format("scaling: %d worker(s), %d task(s): %.1f s, %,.0f field values/s, "
                            + "CPU-s workers %.1f, influx %.1f, postgres %.1f, broker+bench %.1f; busiest %s%s",
                            workers, tasks, r.seconds(), r.fieldValuesPerSecond(), r.workersCpu(), r.influxCpu(),
                            r.postgresCpu(), r.brokerCpu(), r.bottleneck(), r.problem().isEmpty() ? ""
                                    : "; " + r.problem()));
                }
            }
        }
        return runs;
    }

    private Run once(ConnectCluster cluster, String layout, int workers, int tasks) throws Exception {
        String name = "scale-w" + workers + "-t" + tasks + "-" + (++sequence);
        String prefix = name + ".";
        String topic = prefix + DataSet.DATABASE;
        String schema = "scale_w" + workers + "_t" + tasks + "_" + sequence;
        LayoutProbe probe = new LayoutProbe(layout, schema);
        kafka.createTopic(topic, PARTITIONS);
        Map<String, String> source = connectors.source(prefix, DataSet.DATABASE, "backfill", "json");
        Map<String, String> sink = connectors.sink(topic, layout, schema, "json");
        source.put("tasks.max", Integer.toString(tasks));
        sink.put("tasks.max", Integer.toString(tasks));
        ConnectRestClient rest = cluster.rest();
        List<ConnectWorkerProcess> processes = cluster.workers();
        double[] workersBefore = workerCpu(processes);
        double influxBefore = ProcStat.treeCpuSeconds(influxPid);
        double postgresBefore = ProcStat.treeCpuSeconds(postgresPid);
        double brokerBefore = ProcStat.cpuSeconds(ProcessHandle.current().pid());
        long start = System.nanoTime();
        rest.putConnectorConfig("source-" + name, source);
        rest.putConnectorConfig("sink-" + name, sink);
        long expectedAtEnd = (long) DataSet.SERIES * probe.rowsPerPoint();
        String problem = "";
        try (Connection c = connect.get()) {
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (rowsAt(probe, c) < expectedAtEnd) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("scaling " + name + ": timed out");
                }
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double[] workersAfter = workerCpu(processes);
            double[] workerCpu = new double[processes.size()];
            for (int i = 0; i < workerCpu.length; i++) {
                workerCpu[i] = workersAfter[i] - workersBefore[i];
            }
            long rows = probe.totalRows(c);
            long expected = data.points() * probe.rowsPerPoint();
            if (rows != expected) {
                problem = "CHECK FAILED: " + rows + " rows, expected " + expected;
            }
            Run r = new Run(workers, tasks, seconds, data.fieldValues(), workerCpu,
                    ProcStat.treeCpuSeconds(influxPid) - influxBefore,
                    ProcStat.treeCpuSeconds(postgresPid) - postgresBefore,
                    ProcStat.cpuSeconds(ProcessHandle.current().pid()) - brokerBefore, problem);
            rest.delete("source-" + name);
            rest.delete("sink-" + name);
            try (var st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                st.execute("CHECKPOINT");
            }
            return r;
        }
    }

    private long rowsAt(LayoutProbe probe, Connection c) {
        return probe.rowsAt(c, data.lastTime()); // 0 while the tables do not exist yet
    }

    private static double[] workerCpu(List<ConnectWorkerProcess> processes) {
        double[] out = new double[processes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ProcStat.cpuSeconds(processes.get(i).pid());
        }
        return out;
    }

    /** The report's section. */
    static List<String> report(List<Run> runs, String layout) {
        List<String> out = new ArrayList<>();
        if (runs.isEmpty()) {
            return out;
        }
        out.add("");
        out.add("## Scaling (" + layout + " layout, json; backfill, deploy to last point in TimescaleDB)");
        out.add("");
        out.add("Each configuration is a Connect cluster of that many worker processes (one JVM each) on the same "
                + "broker, with tasks.max on both connectors and " + PARTITIONS + " topic partitions. CPU: "
                + "microseconds of CPU per field value, per process (workers: each worker process). Busiest: the "
                + "process that used the most cores during the run, the bottleneck. Each cluster first ran one "
                + "backfill to warm its JVMs up (not shown). This machine has "
                + Runtime.getRuntime().availableProcessors() + " cores shared by every process here, so the sum of "
                + "all processes' CPU caps what more tasks or workers can gain.");
        out.add("");
        out.add("| workers | tasks | s | field values/s | speed-up | CPU µs/value: worker(s) | InfluxDB | PostgreSQL "
                + "| broker+bench | cores used | busiest (bottleneck) |");
        out.add("|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|");
        double base = runs.get(0).fieldValuesPerSecond();
        for (Run r : runs) {
            StringBuilder workers = new StringBuilder();
            for (double w : r.workerCpu()) {
                workers.append(workers.length() == 0 ? "" : " + ").append(String.format("%.2f", r.perValue(w)));
            }
            double cores = (r.workersCpu() + r.influxCpu() + r.postgresCpu() + r.brokerCpu()) / r.seconds();
            out.add(String.format("| %d | %d | %.1f | %,.0f | %.2fx | %s | %.2f | %.2f | %.2f | %.2f | %s |",
                    r.workers(), r.tasks(), r.seconds(), r.fieldValuesPerSecond(), r.fieldValuesPerSecond() / base,
                    workers, r.perValue(r.influxCpu()), r.perValue(r.postgresCpu()), r.perValue(r.brokerCpu()),
                    cores, r.bottleneck()));
        }
        for (Run r : runs) {
            if (!r.problem().isEmpty()) {
                out.add("");
                out.add(String.format("%d worker(s), %d task(s): %s", r.workers(), r.tasks(), r.problem()));
            }
        }
        return out;
    }
}
