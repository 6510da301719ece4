package io.influxtimescale.cli.commands;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.influxtimescale.cli.CommandFailure;
import io.influxtimescale.cli.ExitCode;
import io.influxtimescale.cli.InfluxOptions;
import io.influxtimescale.cli.TimescaleOptions;
import io.influxtimescale.cli.output.Table;
import io.influxtimescale.cli.verify.HtmlReport;
import io.influxtimescale.cli.verify.Mismatch;
import io.influxtimescale.cli.verify.VerifyReport;
import io.influxtimescale.cli.verify.Verifiers;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.source.config.DurationText;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.plan.InfluxTime;
import io.influxtimescale.source.plan.TimeFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code itc verify}: compares InfluxDB against TimescaleDB per series, field and time bucket, with aggregates
 * computed on both servers, and pins down the first mismatches point by point. Exit 0 only when everything matches.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Compare InfluxDB with TimescaleDB per series, field and time bucket (wide or narrow layout).")
public final class VerifyCommand implements Callable<Integer> {
    @Mixin
    InfluxOptions influxOptions;

    @Mixin
    TimescaleOptions timescale;

    @Option(names = "--layout", defaultValue = "auto", description = "Layout of the target schema: wide, narrow, or "
            + "auto (wide when the schema holds the wide layout's catalog, else narrow) (${DEFAULT-VALUE}).")
    String layout;

    @Option(names = "--database", description = "Database to verify (repeatable; default: all but _internal).")
    List<String> databases = new ArrayList<>();

    @Option(names = "--measurement", description = "Measurement to verify (repeatable; default: all).")
    List<String> measurements = new ArrayList<>();

    @Option(names = "--from", paramLabel = "RFC3339", description = "Start of the range (default: the beginning).")
    String from;

    @Option(names = "--until", paramLabel = "RFC3339", description = "End of the range, exclusive (default: the end).")
    String until;

    @Option(names = "--bucket", defaultValue = "1d", description = "Bucket size, e.g. 1h, 1d, 7d (${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--pin-down", defaultValue = "20",
            description = "Mismatched buckets to pin down point by point (${DEFAULT-VALUE}).")
    int pinDown;

    @Option(names = "--json", description = "Print JSON instead of tables.")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write an HTML report to FILE: per container "
            + "the buckets compared, matching and differing, and a chart of source and target counts over time.")
    Path html;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws SQLException {
        long fromNs = from == null ? InfluxTime.MIN_NS : time("--from", from);
        long untilNs = until == null ? InfluxTime.END_NS : time("--until", until);
        long bucketNs = bucketNanos();
        if (fromNs >= untilNs) {
            throw CommandFailure.badInput("--from must be before --until");
        }
        if (!java.util.List.of("auto", "wide", "narrow").contains(layout)) {
            throw CommandFailure.badInput("--layout must be wide, narrow or auto, got '" + layout + "'");
        }
        InfluxHttpClient influx = influxOptions.reachableClient();
        try (Connection connection = timescale.connect()) {
            List<Container> containers = Verifiers.containers(influx, databases, measurements);
            if (containers.isEmpty()) {
                throw CommandFailure.badInput("nothing to verify: no measurement of " + (databases.isEmpty()
                        ? "any database" : "databases " + databases) + " matches; check --database/--measurement");
            }
            VerifyReport report = Verifiers.create(influx, connection, timescale.schema, layout, bucketNs, pinDown)
                    .verify(containers, fromNs, untilNs);
            PrintWriter out = spec.commandLine().getOut();
            if (html != null) {
                writeHtml(report);
            }
            out.print(json ? toJson(report).toPrettyString() + "\n" : toText(report));
            out.flush();
            return report.matches() ? ExitCode.OK : ExitCode.NOT_YET;
        }
    }

    private void writeHtml(VerifyReport report) {
        try {
            Path parent = html.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(html, HtmlReport.render(report, "itc verify: InfluxDB against TimescaleDB schema "
                    + timescale.schema, Instant.now()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CommandFailure.badInput("--html: cannot write " + html + ": " + e.getMessage());
        }
    }

    private long bucketNanos() {
        try {
            long ns = DurationText.parseNanos(bucket);
            if (ns <= 0) {
                throw new IllegalArgumentException("must be positive");
            }
            return ns;
        } catch (RuntimeException e) {
            throw CommandFailure.badInput("--bucket '" + bucket + "' is not a duration such as 1h or 7d: "
                    + e.getMessage());
        }
    }

    private static long time(String option, String text) {
        try {
            return TimeFormat.parse(text);
        } catch (RuntimeException e) {
            throw CommandFailure.badInput(option + " '" + text + "' is not an RFC 3339 time such as "
                    + "2024-05-01T00:00:00Z: " + e.getMessage());
        }
    }

    static String toText(VerifyReport report) {
        StringBuilder out = new StringBuilder();
        if (!report.mismatches().isEmpty()) {
            Table table = new Table("DATABASE", "RETENTION POLICY", "MEASUREMENT", "SERIES", "FIELD", "TYPE",
                    "BUCKET START", "INFLUXDB", "TIMESCALEDB");
            for (Mismatch m : report.mismatches()) {
                table.row(m.container().database(), m.container().retentionPolicy(), m.container().measurement(),
                        m.key().tags(), m.key().field(), m.key().type().wireName(),
                        TimeFormat.format(m.key().bucketStartNs()), m.influx() == null ? "-" : m.influx(),
                        m.timescale() == null ? "-" : m.timescale());
            }
            out.append(table.render());
            for (Mismatch m : report.mismatches()) {
                for (String point : m.points()) {
                    out.append("  ").append(m.container()).append(' ').append(m.key().tags()).append(' ')
                            .append(m.key().field()).append(" at ").append(point).append('\n');
                }
            }
            out.append('\n');
        }
        for (String note : report.notes()) {
            out.append("note: ").append(note).append('\n');
        }
        out.append(String.format("%s: %d containers, %d buckets, %d field values compared, %d mismatches%n",
                report.matches() ? "MATCH" : "DIFFERS", report.containers(), report.bucketsCompared(),
                report.valuesCompared(), report.mismatches().size()));
        return out.toString();
    }

    static ObjectNode toJson(VerifyReport report) {
        ObjectNode root = ConnectRestClient.object();
        root.put("match", report.matches());
        root.put("containers", report.containers());
        root.put("buckets_compared", report.bucketsCompared());
        root.put("values_compared", report.valuesCompared());
        ArrayNode list = root.putArray("mismatches");
        for (Mismatch m : report.mismatches()) {
            ObjectNode node = list.addObject();
            node.put("database", m.container().database());
            node.put("retention_policy", m.container().retentionPolicy());
            node.put("measurement", m.container().measurement());
            node.set("tags", ConnectRestClient.json().valueToTree(m.key().tags()));
            node.put("field", m.key().field());
            node.put("type", m.key().type().wireName());
            node.put("bucket_start_ns", m.key().bucketStartNs());
            node.put("bucket_ns", m.bucketNs());
            node.put("influxdb", m.influx() == null ? null : m.influx().toString());
            node.put("timescaledb", m.timescale() == null ? null : m.timescale().toString());
            ArrayNode points = node.putArray("points");
            m.points().forEach(points::add);
        }
        ArrayNode notes = root.putArray("notes");
        report.notes().forEach(notes::add);
        return root;
    }
}
