package io.influxtimescale.cli.commands;

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
import io.influxtimescale.cli.status.BackfillProgress;
import io.influxtimescale.cli.status.ContainerProgress;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.source.offsets.SourceOffset;
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
 * back to that time, and it reads from there to the end of its backfill range (reading more than needed is harmless:
 * the sink upserts). The source is stopped around the change, as the offsets API requires.
 */
@Command(name = "rebackfill", mixinStandardHelpOptions = true,
        description = "Reset the source's offsets of chosen containers so they are read from InfluxDB again.")
public final class RebackfillCommand implements Callable<Integer> {
    @Mixin
    ConnectOptions connect;

    @Option(names = "--source", defaultValue = "influx-source", description = "Source connector (${DEFAULT-VALUE}).")
    String source;

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
    public Integer call() {
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
        ObjectNode body = ConnectRestClient.object();
        ArrayNode offsets = body.putArray("offsets");
        for (ContainerProgress p : chosen) {
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
                + database + "'" + (fromNs == null ? " from their first point" : " from " + TimeFormat.format(fromNs)));
        return ExitCode.OK;
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
