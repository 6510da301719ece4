package io.influxtimescale.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.influxtimescale.sink.config.TimescaleSinkConfig;

/** bench/run's options (see {@link #USAGE}). */
record BenchOptions(long size, List<String> layouts, List<String> converters, List<String> skip, int liveRate,
                    int liveSeconds, Duration debeziumDefaultsCap, String workerHeap, List<String> workerJvmOptions,
                    boolean jfr, Path pluginPath, Path workerClassPath,
                    Path logDir, Path resultsDir, String label) {

    static final String USAGE = String.join("\n",
            "bench/run [--size N] [--layouts a,b] [--converters json,avro]",
            "          [--skip raw-read,raw-copy,pipeline,replay,debezium,live,reconcile,scaling]",
            "          [--live-rate 10000] [--live-seconds 45] [--debezium-defaults-cap 90] [--worker-heap 512m]",
            "          [--worker-jvm '-XX:... -XX:...'] [--jfr]",
            "          [--label text] [--no-save]",
            "  --size N         field values in the data set (default 10000000; 1000 series x 4 fields, 1 s apart)",
            "  --layouts        sink layouts to run the pipeline with (default: every layout this build has)",
            "  --converters     json and/or avro (default both)",
            "  --skip           stages to leave out (scaling: the backfill with 1, 2 and 4 tasks over 1 and 2 worker",
            "                   processes, the default layout, json)",
            "  --debezium-defaults-cap S  stop Debezium with its defaults after S s and take its rate so far (it is",
            "                   the slowest stage by far; 0: let it write everything)",
            "  --worker-heap    -Xmx of the Connect worker's JVM (default 512m: the memory goal)",
            "  --worker-jvm     more JVM options for the Connect worker, space-separated (e.g. a collector to compare)",
            "  --jfr            record a JFR profile of the worker (bench/target/logs/worker.jfr)",
            "  --label          a word for the results file (e.g. 'before', 'after')",
            "  --no-save        print the table only, write no file into bench/results/");

    static BenchOptions parse(String[] args) {
        long size = 10_000_000L;
        List<String> layouts = new ArrayList<>(TimescaleSinkConfig.LAYOUTS);
        List<String> converters = List.of("json", "avro");
        List<String> skip = new ArrayList<>();
        int rate = 10_000;
        int seconds = 45;
        int cap = 90;
        String heap = "512m";
        List<String> workerJvm = List.of();
        boolean jfr = false;
        String label = "";
        Path results = Path.of(System.getProperty("bench.results", "bench/results"));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--size" -> size = Long.parseLong(args[++i].replace("_", ""));
                case "--layouts" -> layouts = list(args[++i]);
                case "--converters" -> converters = list(args[++i]);
                case "--skip" -> skip = list(args[++i]);
                case "--live-rate" -> rate = Integer.parseInt(args[++i]);
                case "--live-seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--debezium-defaults-cap" -> cap = Integer.parseInt(args[++i]);
                case "--worker-heap" -> heap = args[++i];
                case "--worker-jvm" -> workerJvm = Arrays.stream(args[++i].trim().split("\\s+"))
                        .filter(o -> !o.isEmpty()).toList();
                case "--jfr" -> jfr = true;
                case "--label" -> label = args[++i];
                case "--no-save" -> results = null;
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        for (String layout : layouts) {
            if (!TimescaleSinkConfig.LAYOUTS.contains(layout)) {
                throw new IllegalArgumentException("--layouts: unknown layout '" + layout + "'; this build has "
                        + TimescaleSinkConfig.LAYOUTS);
            }
        }
        for (String c : converters) {
            if (!c.equals("json") && !c.equals("avro")) {
                throw new IllegalArgumentException("--converters: json or avro, not '" + c + "'");
            }
        }
        Path target = Path.of(System.getProperty("bench.target", "bench/target"));
        return new BenchOptions(size, layouts, converters, skip, rate, seconds,
                cap > 0 ? Duration.ofSeconds(cap) : null, heap, workerJvm, jfr,
                target.resolve("plugins").toAbsolutePath(), target.resolve("worker-classpath.txt"),
                target.resolve("logs").toAbsolutePath(), results, label);
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    boolean skips(String stage) {
        return skip.contains(stage);
    }

    /** The sink's default layout in this build (what users get without saying). */
    String defaultLayout() {
        return new TimescaleSinkConfig(Map.of("connection.url", "jdbc:postgresql://localhost/x")).layout();
    }
}
