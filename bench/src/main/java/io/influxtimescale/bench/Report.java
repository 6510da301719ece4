package io.influxtimescale.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run's table (markdown): every stage with its throughput, the ratios the issue asks for, the goals met or not,
 * live lag, memory, and the machine. Printed, and written to {@code bench/results/<UTC timestamp>[-label].md}.
 */
final class Report {
    /** One live profile: its lags, the worker's heap, and the CPU each process spent over {@code seconds}. */
    record LiveRun(String profile, String settings, LiveLag.Result result, long[] heap, Measurement.Cpu cpu,
                   double seconds) {
        String cpuPerSecond() {
            return String.format("%.2f/%.2f/%.2f", cpu.influx() / seconds, cpu.worker() / seconds,
                    cpu.postgres() / seconds);
        }
    }

    /** Reconciliation at the defaults: one cycle's cost, and how fast a late bulk load arrives. */
    record Reconcile(String layout, long storedFieldValues, double idleInfluxRate, double cycleSeconds,
                     double cycleInfluxCpu, double idleWorkerRate, double cycleWorkerCpu, long recordsReread,
                     long latePoints, double loadSeconds, double lateSeconds, int intervalSeconds) {
        /** At the default 15-minute interval a cycle runs 4 times an hour (if it takes less than that). */
        double cpuPerHourPerMillion() {
            double cyclesPerHour = 3600.0 / Math.max(900.0, cycleSeconds);
            return cycleInfluxCpu * cyclesPerHour / (storedFieldValues / 1e6);
        }
    }

    record Live(String layout, int rate, int seconds, List<LiveRun> runs) {
    }

    private final BenchOptions options;
    private final DataSet data;
    private final List<String> machine;
    private List<String> workerNativeMemory = List.of();
    private Map<String, Map<String, Double>> workerThreads = Map.of();

    Report(BenchOptions options, DataSet data, List<String> machine) {
        this.options = options;
        this.data = data;
        this.machine = machine;
    }

    /** The worker's committed memory by category at the end of the run ("category: MB" lines). */
    void workerNativeMemory(List<String> lines) {
        this.workerNativeMemory = lines;
    }

    /** The worker's CPU by thread group (tasks, Kafka clients, GC, JIT, other) per stage, by measurement name. */
    void workerThreads(Map<String, Map<String, Double>> threads) {
        this.workerThreads = threads;
    }

    void write(List<Measurement> results, Live live, Reconcile reconcile, long peakRssMb, List<String> notes,
               double totalSeconds, Measurement.Cpu totalCpu, List<String> scaling) throws IOException {
        List<String> out = new ArrayList<>();
        String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        out.add("# bench/run " + when + (options.label().isEmpty() ? "" : " (" + options.label() + ")"));
        out.add("");
        out.add("Data set: " + data + ". Default layout of this build: `" + options.defaultLayout() + "`. Run took "
                + String.format("%.0f s; CPU s influx/worker/postgres/bench over the whole run: %s.", totalSeconds,
                totalCpu));
        out.add("");
        out.add("Machine:");
        out.add("");
        for (String m : machine) {
            out.add("- " + m);
        }
        if (!results.isEmpty()) { // stages other than scaling ran
            out.add("");
            out.add("## Throughput");
            out.add("");
            out.add("Field values/s is the common unit (a point has 4 field values; a narrow or shepard row holds one, a "
                    + "wide or Debezium row four). CPU s: seconds of CPU spent during the stage by InfluxDB / the Connect "
                    + "worker / PostgreSQL (all backends) / the benchmark's JVM (Kafka broker included). Heap: the "
                    + "worker's largest heap right after a collection (sampled every second) / the sum of its heap pools' "
                    + "peaks, MB.");
            out.add("");
            out.add("| stage | what | s | field values/s | rows/s | CPU s | worker heap MB |");
            out.add("|---|---|---:|---:|---:|---|---|");
            for (Measurement m : results) {
                out.add(String.format("| %s | %s | %.1f | %,.0f | %,.0f | %s | %s |", m.stage(), m.variant(),
                        m.seconds(), m.fieldValuesPerSecond(), m.rowsPerSecond(), m.cpu() == null ? "" : m.cpu(),
                        m.heapPeakMb() < 0 ? "" : m.heapLiveMb() + " / " + m.heapPeakMb()));
            }
            for (Measurement m : results) {
                if (!m.note().isEmpty()) {
                    out.add("");
                    out.add(m.stage() + ": " + m.note());
                }
            }
            out.addAll(ratios(results));
            out.addAll(cpuCosts(results));
            out.addAll(workerCpu(results));
            out.addAll(goals(results, live, peakRssMb));
        }
        if (live != null) {
            out.add("");
            out.add(String.format("## Live lag (%s layout, %,d points/s for %d s, 100 series + a marker per 100 ms)",
                    live.layout(), live.rate(), live.seconds()));
            out.add("");
            out.add("| profile | settings | p50 ms | p99 ms | max ms | markers | points/s written | worker heap MB "
                    + "| CPU-s/s influx/worker/postgres |");
            out.add("|---|---|---:|---:|---:|---:|---:|---|---|");
            for (LiveRun r : live.runs()) {
                out.add(String.format("| %s | %s | %d | %d | %d | %d | %,.0f | %d / %d | %s |", r.profile(),
                        r.settings(), r.result().p50Ms(), r.result().p99Ms(), r.result().maxMs(), r.result().markers(),
                        r.result().achievedRate(), r.heap()[0], r.heap()[1], r.cpuPerSecond()));
            }
        }
        if (reconcile != null) {
            out.add("");
            out.add("## Reconciliation (" + reconcile.layout() + " layout, defaults: interval 15 min, query share 0.05)");
            out.add("");
            out.add("| what | result |");
            out.add("|---|---|");
            out.add(String.format("| one cycle over %,d stored field values | %.1f s, %.2f CPU-s of InfluxDB above its "
                    + "idle rate (%.3f CPU-s/s) |", reconcile.storedFieldValues(), reconcile.cycleSeconds(),
                    reconcile.cycleInfluxCpu(), reconcile.idleInfluxRate()));
            out.add(String.format("| the Connect worker during that cycle | %.2f CPU-s above its idle rate (%.3f CPU-s/s) |",
                    reconcile.cycleWorkerCpu(), reconcile.idleWorkerRate()));
            out.add(String.format("| InfluxDB CPU per million stored field values per hour (4 cycles an hour) | "
                    + "%.3f CPU-s |", reconcile.cpuPerHourPerMillion()));
            out.add(String.format("| records read again by a cycle over unchanged data | %d |",
                    reconcile.recordsReread()));
            out.add(String.format("| %,d points bulk-loaded into the past (%.1f s to load), all in TimescaleDB after | "
                    + "%.1f s with a %d s interval (at the default interval add up to 15 min of waiting) |",
                    reconcile.latePoints(), reconcile.loadSeconds(), reconcile.lateSeconds(),
                    reconcile.intervalSeconds()));
        }
        out.addAll(scaling);
        out.add("");
        out.add(String.format("Connect worker JVM: -Xmx%s%s; peak resident set (VmHWM of its process, whole run) %d MB.",
                options.workerHeap(), options.workerJvmOptions().isEmpty() ? ""
                        : " " + String.join(" ", options.workerJvmOptions()), peakRssMb));
        if (!workerNativeMemory.isEmpty()) {
            out.add("");
            out.add("Where the worker's memory is at the end of the run (Native Memory Tracking, committed MB): "
                    + String.join(", ", workerNativeMemory) + ".");
        }
        if (!notes.isEmpty()) {
            out.add("");
            out.add("## Problems");
            out.add("");
            for (String n : notes) {
                out.add("- " + n);
            }
        }
        String text = String.join("\n", out) + "\n";
        System.out.println();
        System.out.print(text);
        if (options.resultsDir() != null) {
            Files.createDirectories(options.resultsDir());
            String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Path file = options.resultsDir().resolve(stamp + (options.label().isEmpty() ? "" : "-"
                    + options.label().replaceAll("[^A-Za-z0-9_-]", "_")) + ".md");
            Files.writeString(file, text);
            System.out.println("written to " + file);
        }
    }

    private static Optional<Measurement> find(List<Measurement> results, String stage, String variantPrefix) {
        return results.stream().filter(m -> m.stage().equals(stage) && m.variant().startsWith(variantPrefix))
                .findFirst();
    }

    private Optional<Measurement> bestDebeziumTuned(List<Measurement> results) {
        return results.stream().filter(m -> m.stage().equals("debezium") && !m.variant().startsWith("defaults"))
                .max((a, b) -> Double.compare(a.fieldValuesPerSecond(), b.fieldValuesPerSecond()));
    }

    /**
     * The worker's CPU per stage by thread group: what the connectors' own work costs (the task threads) against
     * what the JVM spends around it (collecting garbage, compiling: a fixed cost for JIT, not per value).
     */
    private List<String> workerCpu(List<Measurement> results) {
        List<String> out = new ArrayList<>();
        if (workerThreads.isEmpty()) {
            return out;
        }
        out.add("");
        out.add("## Where the worker's CPU goes (CPU-s per stage by thread; per million field values in brackets)");
        out.add("");
        out.add("Task threads run the connectors' code and the converters; Kafka clients are the producer's and "
                + "consumer's network threads; GC is the collector's threads (and the VM thread); JIT is the "
                + "compiler threads, mostly a one-off cost of a new worker or new code path; other is the rest.");
        out.add("");
        List<String> groups = List.of("tasks", "Kafka clients", "GC", "JIT", "other");
        out.add("| stage | worker CPU-s | " + String.join(" | ", groups) + " |");
        out.add("|---|---:|" + "---:|".repeat(groups.size()));
        for (Measurement m : results) {
            Map<String, Double> t = workerThreads.get(m.name());
            if (t == null || m.cpu() == null) {
                continue;
            }
            double perMillion = 1e6 / m.fieldValues();
            StringBuilder row = new StringBuilder(String.format("| %s %s | %.1f (%.2f) |", m.stage(),
                    m.variant().replaceAll(":.*", ""), m.cpu().worker(), m.cpu().worker() * perMillion));
            for (String g : groups) {
                double v = t.getOrDefault(g, 0.0);
                row.append(String.format(" %.1f (%.2f) |", v, v * perMillion));
            }
            out.add(row.toString());
        }
        return out;
    }

    private List<String> ratios(List<Measurement> results) {
        List<String> out = new ArrayList<>();
        out.add("");
        out.add("## Ratios (field values/s over field values/s)");
        out.add("");
        String layout = options.defaultLayout();
        Optional<Measurement> read = find(results, "raw read", "");
        Optional<Measurement> copy = find(results, "raw COPY", layout);
        Optional<Measurement> staged = find(results, "raw staged upsert", layout + ": new");
        out.add("| ratio | value |");
        out.add("|---|---:|");
        for (Measurement p : results) {
            if (!p.stage().equals("pipeline")) {
                continue;
            }
            String name = p.variant().substring(0, p.variant().indexOf(':'));
            String own = layoutOf(p);
            read.ifPresent(r -> out.add(ratioRow("pipeline " + name + " / raw read", p, r)));
            copy.ifPresent(r -> out.add(ratioRow("pipeline " + name + " / raw COPY (" + layout + ")", p, r)));
            staged.ifPresent(r -> out.add(ratioRow("pipeline " + name + " / raw staged upsert, new (" + layout + ")",
                    p, r)));
            if (!own.equals(layout)) {
                find(results, "raw staged upsert", own + ": new").ifPresent(r -> out.add(ratioRow("pipeline " + name
                        + " / raw staged upsert, new (" + own + ")", p, r)));
            }
        }
        Optional<Measurement> replay = find(results, "replay", layout);
        replay.ifPresent(r -> {
            copy.ifPresent(c -> out.add(ratioRow("replay / raw COPY", r, c)));
            staged.ifPresent(c -> out.add(ratioRow("replay / raw staged upsert, new", r, c)));
            find(results, "debezium", "defaults").ifPresent(d -> out.add(ratioRow("our sink (replay) / Debezium "
                    + "defaults", r, d)));
            bestDebeziumTuned(results).ifPresent(d -> out.add(ratioRow("our sink (replay) / Debezium best tuned ("
                    + d.variant().substring(0, d.variant().indexOf(' ')) + ")", r, d)));
        });
        return out;
    }

    /** The layout of a pipeline measurement ("wide, avro: ..." is wide). */
    private static String layoutOf(Measurement pipeline) {
        return pipeline.variant().substring(0, pipeline.variant().indexOf(','));
    }

    /**
     * CPU per million field values, which does not depend on how the processes share the cores: each pipeline's
     * CPU-s of all processes (InfluxDB, worker, PostgreSQL, the benchmark's JVM with the broker) against the sum of
     * the raw read's and its own layout's raw staged upsert's; and PostgreSQL's CPU per row against the raw staged
     * upsert of the same rows.
     */
    private List<String> cpuCosts(List<Measurement> results) {
        List<String> out = new ArrayList<>();
        Optional<Measurement> read = find(results, "raw read", "");
        if (read.isEmpty()) {
            return out;
        }
        out.add("");
        out.add("## CPU per million field values (all processes; independent of how they share the cores)");
        out.add("");
        out.add("The ratio without JIT leaves out the worker's compiler threads in the stage: a one-off cost of a new "
                + "worker or code path that a long migration does not pay per value (see the worker's CPU below).");
        out.add("");
        out.add("| pipeline | pipeline CPU-s/M | raw read + raw staged upsert CPU-s/M | ratio (goal <= 1.25) "
                + "| ratio without the worker's JIT "
                + "| PostgreSQL CPU-s per M rows, pipeline / raw staged upsert | ratio (goal <= 1.3) |");
        out.add("|---|---:|---:|---:|---:|---:|---:|");
        for (Measurement p : results) {
            if (!p.stage().equals("pipeline")) {
                continue;
            }
            Optional<Measurement> staged = find(results, "raw staged upsert", layoutOf(p) + ": new");
            if (staged.isEmpty()) {
                continue;
            }
            double pipe = perMillion(total(p.cpu()), p.fieldValues());
            double raw = perMillion(total(read.get().cpu()), read.get().fieldValues())
                    + perMillion(total(staged.get().cpu()), staged.get().fieldValues());
            double jit = perMillion(workerThreads.getOrDefault(p.name(), Map.of()).getOrDefault("JIT", 0.0),
                    p.fieldValues());
            double pgPipe = perMillion(p.cpu().postgres(), p.rows());
            double pgRaw = perMillion(staged.get().cpu().postgres(), staged.get().rows());
            out.add(String.format("| %s | %.2f | %.2f | %.2f | %.2f | %.2f / %.2f | %.2f |",
                    p.variant().substring(0, p.variant().indexOf(':')), pipe, raw, pipe / raw, (pipe - jit) / raw,
                    pgPipe, pgRaw, pgPipe / pgRaw));
        }
        return out;
    }

    private static double total(Measurement.Cpu c) {
        return c.influx() + c.worker() + c.postgres() + c.bench();
    }

    private static double perMillion(double cpuSeconds, long count) {
        return cpuSeconds / (count / 1e6);
    }

    private static String ratioRow(String name, Measurement a, Measurement b) {
        return String.format("| %s | %.2f |", name, a.fieldValuesPerSecond() / b.fieldValuesPerSecond());
    }

    private List<String> goals(List<Measurement> results, Live live, long peakRssMb) {
        List<String> out = new ArrayList<>();
        out.add("");
        out.add("## Goals (issue 9)");
        out.add("");
        String layout = options.defaultLayout();
        Optional<Measurement> read = find(results, "raw read", "");
        Optional<Measurement> staged = find(results, "raw staged upsert", layout + ": new");
        Optional<Measurement> pipeline = results.stream().filter(m -> m.stage().equals("pipeline")
                && m.variant().startsWith(layout + ", ")).max((a, b) -> Double.compare(a.fieldValuesPerSecond(),
                b.fieldValuesPerSecond()));
        if (read.isPresent() && staged.isPresent() && pipeline.isPresent()) {
            double slower = Math.min(read.get().fieldValuesPerSecond(), staged.get().fieldValuesPerSecond());
            double ratio = pipeline.get().fieldValuesPerSecond() / slower;
            out.add(goal(ratio >= 0.5, String.format("end-to-end backfill >= 1/2 of the slower raw limit: best %s "
                    + "pipeline %,.0f field values/s / %,.0f (slower of raw read and raw staged upsert) = %.2f",
                    layout, pipeline.get().fieldValuesPerSecond(), slower, ratio)));
        }
        Optional<Measurement> replay = find(results, "replay", layout);
        Optional<Measurement> dbzDefaults = find(results, "debezium", "defaults");
        Optional<Measurement> dbzTuned = bestDebeziumTuned(results);
        if (replay.isPresent() && dbzTuned.isPresent()) {
            double r = replay.get().fieldValuesPerSecond() / dbzTuned.get().fieldValuesPerSecond();
            out.add(goal(r >= 3, String.format("our sink >= 3x best-tuned Debezium: %.2fx", r)));
        }
        if (replay.isPresent() && dbzDefaults.isPresent()) {
            double r = replay.get().fieldValuesPerSecond() / dbzDefaults.get().fieldValuesPerSecond();
            out.add(goal(r >= 10, String.format("our sink >= 10x Debezium defaults: %.2fx", r)));
        }
        if (replay.isPresent() && staged.isPresent()) {
            double r = replay.get().fieldValuesPerSecond() / staged.get().fieldValuesPerSecond();
            out.add(goal(r >= 0.8, String.format("replay >= 80%% of a raw staged upsert of the same rows: %.0f%%",
                    r * 100)));
        }
        if (live != null) {
            for (LiveRun r : live.runs()) {
                out.add(goal(r.result().p99Ms() < 2000, String.format("live p99 < 2 s at %,d points/s (%s): p99 %d "
                        + "ms", live.rate(), r.profile(), r.result().p99Ms())));
            }
        }
        long maxLive = results.stream().mapToLong(Measurement::heapLiveMb).max().orElse(-1);
        if (live != null) {
            for (LiveRun r : live.runs()) {
                maxLive = Math.max(maxLive, r.heap()[0]);
            }
        }
        out.add(goal(maxLive >= 0 && maxLive <= 512, String.format("worker heap within 512 MB: ran with -Xmx%s, "
                + "largest heap after a collection %d MB (resident set peak %d MB, whole JVM)", options.workerHeap(),
                maxLive, peakRssMb)));
        return out;
    }

    private static String goal(boolean met, String text) {
        return "- " + (met ? "**met**" : "**NOT met**") + ": " + text;
    }
}
