package io.influxtimescale.cli.commands;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.influxtimescale.cli.CommandFailure;
import io.influxtimescale.cli.ConnectOptions;
import io.influxtimescale.cli.ConnectorControl;
import io.influxtimescale.cli.ExitCode;
import io.influxtimescale.cli.InfluxOptions;
import io.influxtimescale.cli.TargetTables;
import io.influxtimescale.cli.TimescaleOptions;
import io.influxtimescale.cli.verify.VerifyReport;
import io.influxtimescale.cli.verify.Verifiers;
import io.influxtimescale.cli.status.BackfillProgress;
import io.influxtimescale.cli.status.ContainerProgress;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.discovery.SchemaDiscovery;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.offsets.SourceOffset;
import io.influxtimescale.source.plan.InfluxTime;
import io.influxtimescale.source.offsets.SourcePartitions;
import io.influxtimescale.source.plan.TimeFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code itc rebackfill}: the source reads chosen containers from InfluxDB again. Without {@code --from} a
 * container's offset is deleted, so it is backfilled from its first point; with {@code --from} its progress is set
 * back to that time and what it emitted from there on is forgotten: the backfill reads again up to the live
 * watermark, and a reconciliation cycle, started at once, reads the rest (points stamped after the watermark, in the
 * future). Reading more than needed is harmless: the sink upserts. The source is stopped around the change, as the
 * offsets API requires.
 *
 * <p>When InfluxDB holds no point at or after {@code --from} in the chosen containers there is nothing to re-read:
 * nothing is changed, and verify over that range says whether TimescaleDB matches (exit 0) or holds values InfluxDB no
 * longer has (exit 1, naming them: a re-read cannot remove them).
 */
@Command(name = "rebackfill", mixinStandardHelpOptions = true,
        description = "Reset the source's offsets of chosen containers so they are read from InfluxDB again.")
public final class RebackfillCommand implements Callable<Integer> {
    @Mixin
    ConnectOptions connect;

    @Mixin
    InfluxOptions influx;

    @Mixin
    TimescaleOptions timescale;

    @Option(names = "--source", defaultValue = "influx-source", description = "Source connector (${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--sink", defaultValue = "timescale-sink",
            description = "Sink connector whose schema and layout verify reads (${DEFAULT-VALUE}).")
    String sink;

    @Option(names = "--database", required = true, description = "Database (exact name).")
    String database;

    @Option(names = "--retention-policy", description = "Retention policy (exact name; default: all).")
    String retentionPolicy;

    @Option(names = "--measurement", description = "Measurement (exact name; default: all).")
    String measurement;

    @Option(names = "--from", paramLabel = "RFC3339",
            description = "Re-read from this time (e.g. 2024-05-01T00:00:00Z); default: the whole range.")
    String from;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws SQLException {
        Long fromNs = from == null ? null : parseTime(from);
        ConnectRestClient rest = connect.client();
        ConnectOptions.requireConnector(rest, source);
        List<ContainerProgress> chosen = BackfillProgress.of(rest, source).stream()
                .filter(p -> p.container().database().equals(database))
                .filter(p -> retentionPolicy == null || p.container().retentionPolicy().equals(retentionPolicy))
                .filter(p -> measurement == null || p.container().measurement().equals(measurement))
                .filter(p -> !p.pending())
                .toList();
        if (chosen.isEmpty()) {
            throw CommandFailure.badInput("the source '" + source + "' has no committed offset for database '"
                    + database + "'" + (retentionPolicy == null ? "" : ", retention policy '" + retentionPolicy + "'")
                    + (measurement == null ? "" : ", measurement '" + measurement + "'")
                    + "; `itc status` lists the containers it knows");
        }
        if (fromNs != null) {
            Integer nothing = nothingToReread(rest, chosen, fromNs);
            if (nothing != null) {
                return nothing;
            }
        }
        ObjectNode body = ConnectRestClient.object();
        ArrayNode offsets = body.putArray("offsets");
        for (ContainerProgress p : chosen) {
            // The slices other tasks read its backfill in are forgotten too: the re-read decides anew how it is split.
            for (Map<String, Object> slice : BackfillProgress.slicePartitions(rest, source, p.container())) {
                ObjectNode reset = offsets.addObject();
                reset.set("partition", ConnectRestClient.json().valueToTree(slice));
                reset.putNull("offset");
            }
            ObjectNode entry = offsets.addObject();
            entry.set("partition", ConnectRestClient.json().valueToTree(SourcePartitions.of(p.container())));
            if (fromNs == null) {
                entry.putNull("offset");
            } else {
                SourceOffset offset = p.offset();
                Map<String, Object> reset = offset.rereadFrom(fromNs).toMap();
                entry.set("offset", ConnectRestClient.json().valueToTree(reset));
            }
        }
        ConnectorControl.stopAndWait(rest, source);
        rest.alterOffsets(source, body);
        rest.resume(source);
        spec.commandLine().getOut().println("re-backfill started for " + chosen.size() + " container(s) of '"
                + database + "'" + (fromNs == null ? " from their first point" : " from " + TimeFormat.format(fromNs)
                + "; reconciliation reads again whatever lies after their live watermark"));
        return ExitCode.OK;
    }

    /**
     * Null when some chosen container holds a point at or after {@code fromNs}; otherwise the exit code after saying
     * why there is nothing to re-read and what verify finds over that range.
     */
    private Integer nothingToReread(ConnectRestClient rest, List<ContainerProgress> chosen, long fromNs)
            throws SQLException {
        InfluxHttpClient client = influx.reachableClient();
        SchemaDiscovery discovery = new SchemaDiscovery(client, 10_000);
        for (ContainerProgress p : chosen) {
            if (discovery.firstPointTime(p.container(), fromNs, InfluxTime.END_NS).isPresent()) {
                return null;
            }
        }
        List<Container> scope = chosen.stream().map(ContainerProgress::container).toList();
        VerifyReport report;
        try (Connection c = timescale.connect()) {
            Map<String, String> sink = ConnectOptions.configOrNull(rest, this.sink);
            String schema = spec.commandLine().getParseResult().hasMatchedOption("--schema") || sink == null
                    ? timescale.schema : sink.getOrDefault(TimescaleSinkConfig.TARGET_SCHEMA, timescale.schema);
            String layout = sink == null ? "auto" : TargetTables.layoutOf(sink);
            report = Verifiers.create(client, c, schema, layout, bucketNs(), 20).verify(scope, fromNs,
                    InfluxTime.END_NS);
        }
        PrintWriter out = spec.commandLine().getOut();
        String what = "InfluxDB holds no point at or after " + TimeFormat.format(fromNs) + " in " + scope;
        if (report.matches()) {
            out.println("nothing to re-read: " + what + ", and TimescaleDB matches there (" + report.bucketsCompared()
                    + " buckets compared); nothing changed");
            out.flush();
            return ExitCode.OK;
        }
        out.println("nothing to re-read, but TimescaleDB differs: " + what + ", while TimescaleDB holds values "
                + "there (" + report.mismatches().size() + " buckets differ, below). They were deleted in InfluxDB "
                + "after they were copied (deletes are not migrated), so a re-read cannot remove them: delete them in "
                + "TimescaleDB if they must go. Nothing changed.");
        out.print(VerifyCommand.toText(report));
        out.flush();
        return ExitCode.NOT_YET;
    }

    private long bucketNs() {
        return 86_400_000_000_000L;
    }

    private static final Pattern RFC3339 = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T.*");

    private static long parseTime(String text) {
        if (!RFC3339.matcher(text).matches()) {
            throw CommandFailure.badInput("--from must be an RFC 3339 time such as 2024-05-01T00:00:00Z, got '"
                    + text + "'");
        }
        try {
            return TimeFormat.parse(text);
        } catch (RuntimeException e) {
            throw CommandFailure.badInput("--from '" + text + "' is not a valid RFC 3339 time: " + e.getMessage());
        }
    }
}
