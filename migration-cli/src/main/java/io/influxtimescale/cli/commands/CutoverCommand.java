package io.influxtimescale.cli.commands;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.influxtimescale.cli.CommandFailure;
import io.influxtimescale.cli.ConnectOptions;
import io.influxtimescale.cli.ConnectorNames;
import io.influxtimescale.cli.ExitCode;
import io.influxtimescale.cli.InfluxOptions;
import io.influxtimescale.cli.TargetTables;
import io.influxtimescale.cli.TimescaleOptions;
import io.influxtimescale.cli.cutover.CutoverGate;
import io.influxtimescale.cli.status.BackfillProgress;
import io.influxtimescale.cli.status.ContainerProgress;
import io.influxtimescale.cli.status.GoneWorkers;
import io.influxtimescale.cli.verify.VerifyReport;
import io.influxtimescale.cli.verify.Verifiers;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.sink.layout.shepard.ShepardLayout;
import io.influxtimescale.source.config.DurationText;
import io.influxtimescale.source.config.InfluxSourceConfig;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.plan.TimeFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code itc cutover}: the gate before switching readers and writers to TimescaleDB. Exit 0 only when every
 * container's backfill is complete, the live lag of each is below {@code --max-lag}, both connectors and all their
 * tasks run, and verify matches over everything read so far; otherwise exit 1 with the list of what is missing.
 */
@Command(name = "cutover", mixinStandardHelpOptions = true,
        description = "The gate: exit 0 only when backfill is complete, live lag is low and verify matches.")
public final class CutoverCommand implements Callable<Integer> {
    @Mixin
    ConnectOptions connect;

    @Mixin
    InfluxOptions influx;

    @Mixin
    TimescaleOptions timescale;

    @Mixin
    ConnectorNames connectors;

    @Option(names = "--max-lag", defaultValue = "30s", description = "Highest live lag allowed (${DEFAULT-VALUE}).")
    String maxLag;

    @Option(names = "--no-live", description = "InfluxDB receives no more writes: do not require a live phase.")
    boolean noLive;

    @Option(names = "--bucket", defaultValue = "1d", description = "Verify bucket size (${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws SQLException {
        Duration lagLimit = Duration.ofNanos(duration("--max-lag", maxLag));
        long bucketNs = duration("--bucket", bucket);
        ConnectRestClient rest = connect.client();
        ConnectOptions.requireConnector(rest, connectors.source);
        List<ContainerProgress> containers = BackfillProgress.of(rest, connectors.source);
        String mode = rest.connectorConfig(connectors.source).path(InfluxSourceConfig.MODE).asText(InfluxSourceConfig.MODE_BACKFILL_LIVE);
        long now = nowNs();
        List<String> missing = new CutoverGate(lagLimit, noLive).missing(containers, mode,
                notRunning(rest), now);

        VerifyReport report = null;
        String verifyNote;
        boolean live = !noLive && !InfluxSourceConfig.MODE_BACKFILL.equals(mode);
        List<long[]> ranges = CutoverGate.verifyRanges(containers, now, live);
        if (containers.stream().anyMatch(p -> !p.backfillDone()) || ranges == null) {
            verifyNote = "verify: not run until every backfill is complete";
        } else if (layout(rest).equals(ShepardLayout.NAME)) {
            verifyNote = "verify: not run";
            missing.add("verify compares the wide and narrow layouts only; the sink writes layout 'shepard', which "
                    + "itc cannot verify yet: check the target yourself before switching");
        } else {
            List<Container> scope = containers.stream().map(ContainerProgress::container).toList();
            StringBuilder where = new StringBuilder();
            try (Connection c = timescale.connect()) {
                var verifier = Verifiers.create(influx.reachableClient(), c, schema(rest), layout(rest), bucketNs, 20);
                for (long[] range : ranges) {
                    VerifyReport r = verifier.verify(scope, range[0], range[1]);
                    report = report == null ? r : report.plus(r);
                    where.append(where.length() == 0 ? "" : " and ").append('[').append(TimeFormat.format(range[0]))
                            .append(", ").append(TimeFormat.format(range[1])).append(')');
                }
            }
            verifyNote = String.format("verify over %s%s: %s, %d field values compared, %d mismatches", where,
                    live ? " (everything InfluxDB holds, future included, but the live band from the lowest "
                            + "watermark to a minute from now)" : " (everything InfluxDB holds, future included)",
                    report.matches() ? "MATCH" : "DIFFERS", report.valuesCompared(), report.mismatches().size());
            if (!report.matches()) {
                missing.add("verify found " + report.mismatches().size() + " mismatched buckets (below); fix the "
                        + "target (itc replay, itc rebackfill) and run cutover again");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(containers, now, missing, report, verifyNote).toPrettyString());
        } else {
            out.print(toText(missing, report, verifyNote));
        }
        out.flush();
        return missing.isEmpty() ? ExitCode.OK : ExitCode.NOT_YET;
    }

    private String layout(ConnectRestClient rest) {
        Map<String, String> config = ConnectOptions.configOrNull(rest, connectors.sink);
        return config == null ? "auto" : TargetTables.layoutOf(config);
    }

    /** --schema when given, else the sink's own target schema. */
    private String schema(ConnectRestClient rest) {
        Map<String, String> config = ConnectOptions.configOrNull(rest, connectors.sink);
        if (spec.commandLine().getParseResult().hasMatchedOption("--schema") || config == null) {
            return timescale.schema;
        }
        return config.getOrDefault(TimescaleSinkConfig.TARGET_SCHEMA, timescale.schema);
    }

    /** Connectors or tasks that are not RUNNING, each with the first line of its trace. */
    private List<String> notRunning(ConnectRestClient rest) {
        List<String> out = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of(connectors.source));
        if (rest.connectors().contains(connectors.sink)) {
            names.add(connectors.sink);
        } else {
            out.add("the sink connector '" + connectors.sink + "' does not exist; give --sink or deploy it");
        }
        List<JsonNode> statuses = new ArrayList<>();
        for (String name : names) {
            JsonNode status = rest.status(name);
            statuses.add(status);
            String state = status.path("connector").path("state").asText();
            if (!state.equals("RUNNING")) {
                out.add("connector '" + name + "' is " + state);
            }
            for (JsonNode task : status.path("tasks")) {
                if (!task.path("state").asText().equals("RUNNING")) {
                    out.add("connector '" + name + "' task " + task.path("id").asText() + " is "
                            + task.path("state").asText() + (task.has("trace") ? ": " + task.path("trace").asText()
                            .lines().findFirst().orElse("") : ""));
                }
            }
        }
        GoneWorkers.find(statuses, GoneWorkers.httpProbe(GoneWorkers.schemeOf(rest.baseUrl()),
                StatusCommand.PROBE_TIMEOUT)).gone().forEach(g -> out.add(g.sentence()));
        return out;
    }

    private static long nowNs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static long duration(String option, String text) {
        try {
            return DurationText.parseNanos(text);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput(option + ": " + e.getMessage());
        }
    }

    private static String toText(List<String> missing, VerifyReport report, String verifyNote) {
        StringBuilder out = new StringBuilder();
        if (missing.isEmpty()) {
            out.append("CUTOVER READY: every backfill complete, live lag within the limit, everything running, "
                    + "verify matches\n").append(verifyNote).append('\n');
            return out.toString();
        }
        out.append("NOT READY for cutover; missing:\n");
        missing.forEach(m -> out.append("  - ").append(m).append('\n'));
        out.append(verifyNote).append('\n');
        if (report != null && !report.matches()) {
            out.append('\n').append(VerifyCommand.toText(report));
        }
        return out.toString();
    }

    private static ObjectNode toJson(List<ContainerProgress> containers, long now, List<String> missing,
                                     VerifyReport report, String verifyNote) {
        ObjectNode root = ConnectRestClient.object();
        root.put("ready", missing.isEmpty());
        ArrayNode m = root.putArray("missing");
        missing.forEach(m::add);
        ArrayNode cs = root.putArray("containers");
        for (ContainerProgress p : containers) {
            ObjectNode c = cs.addObject();
            c.put("database", p.container().database());
            c.put("retention_policy", p.container().retentionPolicy());
            c.put("measurement", p.container().measurement());
            c.put("phase", p.phase());
            c.put("backfill_done", p.backfillDone());
            Long lag = p.liveLagNs(now);
            if (lag != null) {
                c.put("watermark_ns", p.watermarkNs());
                c.put("live_lag_ns", lag);
            }
        }
        root.put("verify_note", verifyNote);
        if (report != null) {
            root.set("verify", VerifyCommand.toJson(report));
        }
        return root;
    }
}
