package io.influxtimescale.cli.commands;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.influxtimescale.cli.ConnectOptions;
import io.influxtimescale.cli.ExitCode;
import io.influxtimescale.cli.output.Table;
import io.influxtimescale.cli.status.BackfillProgress;
import io.influxtimescale.cli.status.ContainerProgress;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.source.plan.TimeFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code itc status}: connector and task states, and each container's backfill progress from the source's committed
 * offsets. Exit 0 when everything runs and every backfill is complete, 1 when not yet (or a task failed).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Connector and task states and per-container backfill progress.")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    ConnectOptions connect;

    @Option(names = "--source", defaultValue = "influx-source", description = "Source connector (${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--sink", defaultValue = "timescale-sink", description = "Sink connector (${DEFAULT-VALUE}).")
    String sink;

    @Option(names = "--json", description = "Print JSON instead of tables.")
    boolean json;

    @Option(names = "--watch", arity = "0..1", fallbackValue = "2", paramLabel = "SECONDS",
            description = "Repeat every SECONDS (default 2) until interrupted.")
    Integer watchSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        ConnectRestClient rest = connect.client();
        ConnectOptions.requireConnector(rest, source);
        PrintWriter out = spec.commandLine().getOut();
        while (true) {
            Snapshot snapshot = Snapshot.take(rest, source, sink);
            out.print(json ? snapshot.toJson().toPrettyString() + "\n" : snapshot.toText());
            out.flush();
            if (watchSeconds == null) {
                return snapshot.complete() ? ExitCode.OK : ExitCode.NOT_YET;
            }
            Thread.sleep(watchSeconds * 1000L);
        }
    }

    /** One reading of the pipeline's state. */
    static final class Snapshot {
        private final List<JsonNode> connectors;
        private final List<ContainerProgress> containers;

        private Snapshot(List<JsonNode> connectors, List<ContainerProgress> containers) {
            this.connectors = connectors;
            this.containers = containers;
        }

        static Snapshot take(ConnectRestClient rest, String source, String sink) {
            List<JsonNode> connectors = new ArrayList<>();
            connectors.add(rest.status(source));
            if (rest.connectors().contains(sink)) {
                connectors.add(rest.status(sink));
            }
            return new Snapshot(connectors, BackfillProgress.of(rest, source));
        }

        boolean allRunning() {
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
            return allRunning() && backfillComplete();
        }

        String toText() {
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
            Table progress = new Table("DATABASE", "RETENTION POLICY", "MEASUREMENT", "PHASE", "DONE",
                    "COMPLETE UNTIL", "BACKFILL UNTIL");
            for (ContainerProgress p : containers) {
                progress.row(p.container().database(), p.container().retentionPolicy(), p.container().measurement(),
                        p.phase(), String.format("%.1f%%", p.percentDone()),
                        p.pending() ? "-" : TimeFormat.format(p.offset().completedUntilNs()),
                        p.pending() ? "-" : TimeFormat.format(p.offset().untilNs()));
            }
            StringBuilder out = new StringBuilder(states.render()).append('\n');
            out.append(progress.isEmpty() ? "no containers assigned yet\n" : progress.render());
            for (String failure : failures) {
                out.append("FAILED ").append(failure).append('\n');
            }
            long done = containers.stream().filter(ContainerProgress::backfillDone).count();
            out.append(String.format("%nbackfill: %d of %d containers complete%s%n", done, containers.size(),
                    complete() ? "; everything running" : ""));
            return out.toString();
        }

        ObjectNode toJson() {
            ObjectNode root = ConnectRestClient.object();
            ArrayNode cs = root.putArray("connectors");
            connectors.forEach(c -> cs.add(c.deepCopy()));
            ArrayNode list = root.putArray("containers");
            for (ContainerProgress p : containers) {
                ObjectNode node = list.addObject();
                node.put("database", p.container().database());
                node.put("retention_policy", p.container().retentionPolicy());
                node.put("measurement", p.container().measurement());
                node.put("phase", p.phase());
                node.put("percent_done", p.percentDone());
                node.put("backfill_done", p.backfillDone());
                if (!p.pending()) {
                    node.put("from_ns", p.offset().fromNs());
                    node.put("until_ns", p.offset().untilNs());
                    node.put("completed_until_ns", p.offset().completedUntilNs());
                }
            }
            root.put("all_running", allRunning());
            root.put("backfill_complete", backfillComplete());
            return root;
        }
    }
}
