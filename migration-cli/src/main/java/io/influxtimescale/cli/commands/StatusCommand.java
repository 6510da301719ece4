package io.influxtimescale.cli.commands;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.admin.Admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.influxtimescale.cli.ConnectOptions;
import io.influxtimescale.cli.ConnectorNames;
import io.influxtimescale.cli.ExitCode;
import io.influxtimescale.cli.KafkaOptions;
import io.influxtimescale.cli.output.Table;
import io.influxtimescale.cli.status.BackfillProgress;
import io.influxtimescale.cli.status.ContainerProgress;
import io.influxtimescale.cli.status.GoneWorkers;
import io.influxtimescale.cli.status.SinkLag;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.source.config.InfluxSourceConfig;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.plan.TimeFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code itc status}: connector and task states; per container the phase, the share of the backfill done (committed
 * source offsets against their ranges) and the live lag (now minus the live watermark); with
 * {@code --bootstrap-servers} the sink's consumer lag. Rates need two readings, so {@code --watch} shows them from
 * the second refresh on: the sink's records/s (growth of its committed consumer offsets; a record is one series in
 * one window, i.e. many points) and per container the backfill speed in data time per second with an ETA.
 * Per container also reconciliation: when its last complete cycle started (everything written to InfluxDB before
 * that moment has been emitted), the cells it found different and has not read again yet, and values TimescaleDB
 * holds that InfluxDB no longer has. Exit 0 when everything runs, every backfill is complete and (unless
 * reconciliation is off) every container has been reconciled since with nothing left to re-read; 1 otherwise.
 * A task Connect shows RUNNING on a worker that no longer answers at its REST address (killed, not yet reassigned:
 * {@code scheduled.rebalance.max.delay.ms}) does not run: it is reported as {@code WORKER GONE} ({@link GoneWorkers}).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Connector and task states, per-container progress and live lag, sink consumer lag.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    ConnectOptions connect;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    ConnectorNames connectors;

    @Option(names = "--json", description = "Print JSON instead of tables (with --watch: one JSON object a line).")
    boolean json;

    @Option(names = "--watch", arity = "0..1", fallbackValue = "2", paramLabel = "SECONDS",
            description = "Repeat every SECONDS (default 2) until interrupted: a live view on a terminal, one line "
                    + "per refresh otherwise.")
    Integer watchSeconds;

    @Option(names = "--iterations", paramLabel = "N", description = "With --watch: stop after N refreshes.")
    Integer iterations;

    @Spec
    CommandSpec spec;

    /** How long a worker may take to answer at its advertised REST address before it counts as gone. */
    static final java.time.Duration PROBE_TIMEOUT = java.time.Duration.ofSeconds(3);

    @Override
    public Integer call() throws InterruptedException {
        ConnectRestClient rest = connect.client();
        ConnectOptions.requireConnector(rest, connectors.source);
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null;
        Admin admin = kafka.given() ? kafka.admin("the sink's consumer lag") : null;
        var probe = GoneWorkers.httpProbe(GoneWorkers.schemeOf(rest.baseUrl()), PROBE_TIMEOUT);
        try {
            Snapshot previous = null;
            for (int i = 1; ; i++) {
                Snapshot snapshot = Snapshot.take(rest, connectors.source, connectors.sink, admin, probe);
                if (watchSeconds == null) {
                    out.print(json ? snapshot.toJson(null).toPrettyString() + "\n" : snapshot.toText(null));
                } else if (json) {
                    out.println(snapshot.toJson(previous).toString());
                } else if (terminal) {
                    out.print("\033[H\033[2J" + snapshot.toText(previous) + snapshot.progressBar() + "\n");
                } else {
                    out.println(snapshot.line(previous));
                }
                out.flush();
                if (watchSeconds == null || (iterations != null && i >= iterations)) {
                    return snapshot.complete() ? ExitCode.OK : ExitCode.NOT_YET;
                }
                previous = snapshot;
                Thread.sleep(watchSeconds * 1000L);
            }
        } finally {
            if (admin != null) {
                admin.close();
            }
        }
    }

    /** One reading of the pipeline's state. */
    record Snapshot(List<JsonNode> connectors, List<ContainerProgress> containers, SinkLag sinkLag, long takenNs,
                    boolean reconcileEnabled, GoneWorkers.Verdict workers) {
        static Snapshot take(ConnectRestClient rest, String source, String sink, Admin admin,
                             java.util.function.Function<String, GoneWorkers.Probe> probe) {
            List<JsonNode> connectors = new ArrayList<>();
            connectors.add(rest.status(source));
            Map<String, String> sourceConfig = ConnectOptions.configOrNull(rest, source);
            boolean reconcile = sourceConfig == null || !"false".equalsIgnoreCase(
                    sourceConfig.getOrDefault(InfluxSourceConfig.RECONCILE_ENABLED, "true").trim());
            SinkLag lag = null;
            Map<String, String> sinkConfig = ConnectOptions.configOrNull(rest, sink);
            if (sinkConfig != null) {
                connectors.add(rest.status(sink));
                if (admin != null) {
                    try {
                        lag = SinkLag.read(admin, KafkaOptions.sinkGroup(sink, sinkConfig),
                                KafkaOptions.sinkTopics(admin, sinkConfig));
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IllegalStateException("cannot list the sink's topics: " + e.getCause(), e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }
            }
            List<ContainerProgress> containers = BackfillProgress.of(rest, source);
            Instant now = Instant.now();
            return new Snapshot(connectors, containers, lag, now.getEpochSecond() * 1_000_000_000L + now.getNano(),
                    reconcile, GoneWorkers.find(connectors, probe));
        }

        boolean allRunning() {
            if (!workers.gone().isEmpty()) {
                return false;
            }
            for (JsonNode c : connectors) {
                if (!"RUNNING".equals(c.path("connector").path("state").asText())) {
                    return false;
                }
                for (JsonNode task : c.path("tasks")) {
                    if (!"RUNNING".equals(task.path("state").asText())) {
                        return false;
                    }
                }
            }
            return true;
        }

        boolean backfillComplete() {
            return !containers.isEmpty() && containers.stream().allMatch(ContainerProgress::backfillDone);
        }

        boolean complete() {
            return allRunning() && backfillComplete()
                    && containers.stream().allMatch(p -> p.complete(reconcileEnabled));
        }

        /** Reconciliation of one container for display: "3.2s ago", "never", or "off". */
        String reconciled(ContainerProgress p) {
            if (!reconcileEnabled) {
                return "off";
            }
            Long at = p.reconciledAtMs();
            return at == null ? "never" : seconds(Math.max(0, takenNs / 1e6 - at) / 1e3) + " ago";
        }

        /** Sink records/s since {@code previous}, or null without two readings of the consumer offsets. */
        Double recordsPerSecond(Snapshot previous) {
            if (previous == null || sinkLag == null || previous.sinkLag == null || takenNs <= previous.takenNs) {
                return null;
            }
            return Math.max(0, sinkLag.committed() - previous.sinkLag.committed()) * 1e9 / (takenNs - previous.takenNs);
        }

        /** Backfill speed of each container: data time read per wall-clock second, from two readings. */
        Map<Container, Double> backfillSpeed(Snapshot previous) {
            Map<Container, Double> out = new HashMap<>();
            if (previous == null || takenNs <= previous.takenNs) {
                return out;
            }
            Map<Container, ContainerProgress> before = new HashMap<>();
            previous.containers.forEach(p -> before.put(p.container(), p));
            for (ContainerProgress p : containers) {
                ContainerProgress b = before.get(p.container());
                if (p.pending() || b == null || b.pending() || p.backfillDone() && b.backfillDone()) {
                    continue;
                }
                double advanced = (double) p.offset().completedUntilNs() - (double) b.offset().completedUntilNs();
                out.put(p.container(), Math.max(0, advanced) / ((takenNs - previous.takenNs) / 1e9));
            }
            return out;
        }

        String toText(Snapshot previous) {
            Table states = new Table("CONNECTOR", "TYPE", "STATE", "TASKS");
            List<String> failures = new ArrayList<>();
            for (JsonNode c : connectors) {
                StringBuilder tasks = new StringBuilder();
                for (JsonNode task : c.path("tasks")) {
                    tasks.append(tasks.length() == 0 ? "" : " ").append(task.path("id").asText()).append(':')
                            .append(task.path("state").asText());
                    if (task.has("trace")) {
                        failures.add(c.path("name").asText() + " task " + task.path("id").asText() + ": "
                                + task.path("trace").asText().lines().findFirst().orElse(""));
                    }
                }
                states.row(c.path("name").asText(), c.path("type").asText(),
                        c.path("connector").path("state").asText(), tasks);
            }
            Map<Container, Double> speed = backfillSpeed(previous);
            Table progress = new Table("DATABASE", "RETENTION POLICY", "MEASUREMENT", "PHASE", "DONE",
                    "COMPLETE UNTIL", "BACKFILL UNTIL", "LIVE LAG", "SPEED", "ETA", "RECONCILED", "TO RE-READ");
            for (ContainerProgress p : containers) {
                Double s = speed.get(p.container());
                Long lag = p.liveLagNs(takenNs);
                progress.row(p.container().database(), p.container().retentionPolicy(), p.container().measurement(),
                        p.phase(), String.format("%.1f%%", p.percentDone()) + (p.split() ? String.format(" (%d/%d "
                                + "slices)", p.slicesDone()[0], p.slicesDone()[1]) : ""),
                        p.pending() ? "-" : TimeFormat.format(p.offset().completedUntilNs()),
                        p.pending() ? "-" : TimeFormat.format(p.offset().untilNs()),
                        lag == null ? "-" : seconds(lag / 1e9),
                        s == null ? "-" : seconds(s) + "/s",
                        s == null || s <= 0 ? "-" : seconds(((double) p.offset().untilNs()
                                - (double) p.offset().completedUntilNs()) / 1e9 / s),
                        reconciled(p), reconcileEnabled ? p.pendingCells() + " cells" : "-");
            }
            StringBuilder out = new StringBuilder(states.render()).append('\n');
            out.append(progress.isEmpty() ? "no containers assigned yet\n" : progress.render());
            for (String failure : failures) {
                out.append("FAILED ").append(failure).append('\n');
            }
            for (GoneWorkers.Gone gone : workers.gone()) {
                out.append(gone.sentence()).append('\n');
            }
            if (workers.unknown()) {
                out.append("note: ").append(workers.note()).append('\n');
            }
            if (sinkLag != null) {
                out.append('\n').append(String.format("sink consumer lag: %,d records %s", sinkLag.total(),
                        sinkLag.byTopic()));
                Double rate = recordsPerSecond(previous);
                out.append(rate == null ? "\n" : String.format("; writing %,.0f records/s%n", rate));
            }
            for (ContainerProgress p : containers) {
                if (p.extraValues() > 0) {
                    out.append(String.format("EXTRA %s: TimescaleDB holds %,d field values that InfluxDB no longer "
                            + "has (deleted there after they were copied, latest in the cell of %s); deletes are not "
                            + "migrated: delete them in TimescaleDB too if they must go%n", p.container(),
                            p.extraValues(), TimeFormat.format(p.offset().reconcile().extraAtNs())));
                }
            }
            long done = containers.stream().filter(ContainerProgress::backfillDone).count();
            out.append(String.format("%nbackfill: %d of %d containers complete%s%n", done, containers.size(),
                    complete() ? "; everything running" : ""));
            out.append(reconcileSummary()).append('\n');
            return out.toString();
        }

        /** One line on reconciliation over all containers: what it can vouch for, and what it still has to do. */
        String reconcileSummary() {
            if (!reconcileEnabled) {
                return "reconciliation: off (reconcile.enabled=false): history loaded behind the backfill, points "
                        + "later than live.lateness and future-dated points are not looked for; run itc verify";
            }
            long reconciled = containers.stream().filter(p -> p.reconciledAtMs() != null).count();
            long pending = containers.stream().mapToLong(ContainerProgress::pendingCells).sum();
            Long oldest = containers.stream().map(ContainerProgress::reconciledAtMs)
                    .filter(java.util.Objects::nonNull).min(Long::compare).orElse(null);
            return String.format("reconciliation: %d of %d containers reconciled%s; %d cells to re-read", reconciled,
                    containers.size(), reconciled == containers.size() && oldest != null
                            ? "; everything written to InfluxDB before " + Instant.ofEpochMilli(oldest)
                            + " has been emitted" : "", pending);
        }

        /** A bar of the backfill share done over all containers (by range, not by points), for terminals. */
        String progressBar() {
            double percent = containers.isEmpty() ? 0 : containers.stream()
                    .mapToDouble(ContainerProgress::percentDone).average().orElse(0);
            int filled = (int) Math.round(percent / 2.5);
            return "[" + "#".repeat(filled) + " ".repeat(40 - filled) + String.format("] %.1f%%", percent);
        }

        /** One line per refresh, for logs and pipes. */
        String line(Snapshot previous) {
            long done = containers.stream().filter(ContainerProgress::backfillDone).count();
            long live = containers.stream().filter(p -> p.watermarkNs() != null).count();
            long maxLag = containers.stream().map(p -> p.liveLagNs(takenNs)).filter(java.util.Objects::nonNull)
                    .mapToLong(Long::longValue).max().orElse(-1);
            Double rate = recordsPerSecond(previous);
            long reconciled = containers.stream().filter(p -> p.reconciledAtMs() != null).count();
            return String.format("%s backfill %d/%d containers %s, live %d, reconciled %s%s%s%s%s%s",
                    Instant.ofEpochSecond(0, takenNs), done, containers.size(),
                    progressBar().replaceAll("^\\[[# ]*] ", ""), live,
                    reconcileEnabled ? reconciled + "/" + containers.size() : "off",
                    maxLag < 0 ? "" : ", max live lag " + seconds(maxLag / 1e9),
                    sinkLag == null ? "" : String.format(", sink lag %,d records", sinkLag.total()),
                    rate == null ? "" : String.format(", %,.0f records/s", rate),
                    allRunning() ? "" : ", NOT ALL RUNNING", workers.gone().isEmpty() ? "" : ", WORKER GONE "
                            + String.join(" ", workers.gone().stream().map(GoneWorkers.Gone::workerId).toList()));
        }

        ObjectNode toJson(Snapshot previous) {
            ObjectNode root = ConnectRestClient.object();
            root.put("time_ns", takenNs);
            ArrayNode cs = root.putArray("connectors");
            connectors.forEach(c -> cs.add(c.deepCopy()));
            Map<Container, Double> speed = backfillSpeed(previous);
            ArrayNode list = root.putArray("containers");
            for (ContainerProgress p : containers) {
                ObjectNode node = list.addObject();
                node.put("database", p.container().database());
                node.put("retention_policy", p.container().retentionPolicy());
                node.put("measurement", p.container().measurement());
                node.put("phase", p.phase());
                node.put("percent_done", p.percentDone());
                node.put("backfill_done", p.backfillDone());
                if (p.split()) {
                    node.put("slices_done", p.slicesDone()[0]);
                    node.put("slices_started", p.slicesDone()[1]);
                }
                if (!p.pending()) {
                    node.put("from_ns", p.offset().fromNs());
                    node.put("until_ns", p.offset().untilNs());
                    node.put("completed_until_ns", p.offset().completedUntilNs());
                }
                if (p.watermarkNs() != null) {
                    node.put("watermark_ns", p.watermarkNs());
                    node.put("live_lag_ns", p.liveLagNs(takenNs));
                }
                if (speed.containsKey(p.container())) {
                    node.put("backfill_data_seconds_per_second", speed.get(p.container()));
                }
                if (p.reconciledAtMs() != null) {
                    node.put("reconciled_at_ms", p.reconciledAtMs());
                }
                node.put("reconcile_pending_cells", p.pendingCells());
                node.put("extra_values", p.extraValues());
                node.put("complete", p.complete(reconcileEnabled));
            }
            root.put("reconcile_enabled", reconcileEnabled);
            if (sinkLag != null) {
                ObjectNode lag = root.putObject("sink_consumer_lag");
                lag.put("total_records", sinkLag.total());
                lag.set("by_topic", ConnectRestClient.json().valueToTree(sinkLag.byTopic()));
                Double rate = recordsPerSecond(previous);
                if (rate != null) {
                    root.put("sink_records_per_second", rate);
                }
            }
            ArrayNode gone = root.putArray("workers_gone");
            for (GoneWorkers.Gone g : workers.gone()) {
                ObjectNode node = gone.addObject();
                node.put("worker_id", g.workerId());
                g.assigned().forEach(node.putArray("assigned")::add);
            }
            if (workers.unknown()) {
                root.put("workers_note", workers.note());
            }
            root.put("all_running", allRunning());
            root.put("backfill_complete", backfillComplete());
            return root;
        }

        private static String seconds(double s) {
            if (s >= 2 * 86400) {
                return String.format("%.1fd", s / 86400);
            }
            if (s >= 2 * 3600) {
                return String.format("%.1fh", s / 3600);
            }
            if (s >= 120) {
                return String.format("%.1fm", s / 60);
            }
            return String.format("%.1fs", s);
        }
    }
}
