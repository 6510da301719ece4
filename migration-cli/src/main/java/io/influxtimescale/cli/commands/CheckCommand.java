package io.influxtimescale.cli.commands;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.influxtimescale.cli.CommandFailure;
import io.influxtimescale.cli.ConnectOptions;
import io.influxtimescale.cli.ExitCode;
import io.influxtimescale.cli.InfluxOptions;
import io.influxtimescale.cli.TargetTables;
import io.influxtimescale.cli.TimescaleOptions;
import io.influxtimescale.cli.check.ConnectPreflight;
import io.influxtimescale.cli.check.ContainerSurvey;
import io.influxtimescale.cli.check.Finding;
import io.influxtimescale.cli.check.InfluxFindings;
import io.influxtimescale.cli.check.InfluxLimits;
import io.influxtimescale.cli.check.InfluxSurvey;
import io.influxtimescale.cli.check.MigrationRates;
import io.influxtimescale.cli.check.ServerInfo;
import io.influxtimescale.cli.check.TimescalePreflight;
import io.influxtimescale.cli.output.Table;
import io.influxtimescale.cli.verify.Verifiers;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.source.config.DurationText;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.influx.InfluxException;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.plan.TimeFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code itc check}: the preflight. Talks to all three servers, surveys every container in scope, and reports
 * blockers, warnings and notes, each with its fix. Exit 0 when ready (warnings allowed), 1 when anything blocks,
 * 2 when a server is unreachable or the input is bad. Changes nothing anywhere.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Preflight: servers, privileges, what InfluxDB holds, limits, estimated duration.")
public final class CheckCommand implements Callable<Integer> {
    @Mixin
    InfluxOptions influx;

    @Mixin
    TimescaleOptions timescale;

    @Mixin
    ConnectOptions connect;

    @Option(names = "--database", description = "Database to check (repeatable; default: all but _internal).")
    List<String> databases = new ArrayList<>();

    @Option(names = "--layout", defaultValue = "wide", description = "Target layout: wide, narrow or shepard "
            + "(${DEFAULT-VALUE}, the sink's default).")
    String layout;

    @Option(names = "--window", defaultValue = "1d", description = "Window the source will read per query "
            + "(${DEFAULT-VALUE}), for the max-select-point estimate.")
    String window;

    @Option(names = "--topic-prefix", defaultValue = "influx.", description = "Topic prefix (${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--skip-counts", description = "Do not run count(*) per container (fast on huge servers; no "
            + "size or duration estimate).")
    boolean skipCounts;

    @Option(names = "--source-rate", defaultValue = "" + MigrationRates.MEASURED_SOURCE,
            description = "Source field values/s for the estimate (default: our measured ${DEFAULT-VALUE}).")
    long sourceRate;

    @Option(names = "--sink-rate", defaultValue = "" + MigrationRates.MEASURED_SINK,
            description = "Sink rows/s for the estimate (default: our measured ${DEFAULT-VALUE}).")
    long sinkRate;

    @Option(names = "--json", description = "Print JSON instead of tables.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        long windowNs = windowNanos();
        TargetTables.layout(layout, timescale.schema); // an unknown layout is bad input, before any server
        MigrationRates rates = new MigrationRates(sourceRate, sinkRate);
        List<Finding> findings = new ArrayList<>();
        List<ServerInfo> servers = new ArrayList<>();
        List<ContainerSurvey> surveys = new ArrayList<>();

        InfluxHttpClient client = influx.client();
        try {
            String version = client.ping();
            servers.add(new ServerInfo("InfluxDB", influx.url, true, version.isEmpty() ? "(no version header)"
                    : version));
            List<Container> containers = Verifiers.containers(client, databases, List.of());
            if (containers.isEmpty()) {
                findings.add(Finding.blocker("InfluxDB", "nothing to migrate: no measurement in " + (databases.isEmpty()
                        ? "any database" : "databases " + databases), "check --database and the InfluxDB user's "
                        + "READ privileges"));
            }
            InfluxSurvey survey = new InfluxSurvey(client, !skipCounts);
            for (Container c : containers) {
                surveys.add(survey.survey(c));
            }
            StringBuilder whyNot = new StringBuilder();
            Optional<InfluxLimits> limits = InfluxLimits.read(influx.client(true), whyNot);
            findings.addAll(new InfluxFindings(layout, windowNs, topicPrefix).findings(surveys, limits,
                    whyNot.toString()));
        } catch (InfluxException.Unavailable e) {
            servers.add(new ServerInfo("InfluxDB", influx.url, false, e.getMessage()));
            findings.add(Finding.blocker("InfluxDB", e.getMessage(), "start InfluxDB or fix --influx-url "
                    + "(ITC_INFLUX_URL)"));
        } catch (InfluxException.AuthFailed e) {
            servers.add(new ServerInfo("InfluxDB", influx.url, false, e.getMessage()));
            findings.add(Finding.blocker("InfluxDB", e.getMessage(), "give --influx-username/ITC_INFLUX_PASSWORD "
                    + "or --influx-token of a user that may read the databases"));
        }
        servers.add(TimescalePreflight.run(timescale.checkedUrl(), timescale.user, timescale.password(), timescale.schema,
                layout, findings));
        servers.add(ConnectPreflight.run(connect.client(), findings));

        Report report = new Report(servers, surveys, findings, rates);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.toJson().toPrettyString() + "\n" : report.toText());
        out.flush();
        if (servers.stream().anyMatch(s -> !s.reachable())) {
            return ExitCode.BAD_INPUT;
        }
        return report.blockers() > 0 ? ExitCode.NOT_YET : ExitCode.OK;
    }

    private long windowNanos() {
        try {
            return DurationText.parseNanos(window);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.badInput("--window: " + e.getMessage());
        }
    }

    /** What check found, as a table or JSON. */
    record Report(List<ServerInfo> servers, List<ContainerSurvey> surveys, List<Finding> findings,
                  MigrationRates rates) {
        long blockers() {
            return count(Finding.Severity.BLOCKER);
        }

        long count(Finding.Severity severity) {
            return findings.stream().filter(f -> f.severity() == severity).count();
        }

        long fieldValues() {
            return surveys.stream().mapToLong(s -> Math.max(0, s.fieldValues())).sum();
        }

        boolean counted() {
            return surveys.stream().filter(ContainerSurvey::hasData).allMatch(s -> s.fieldValues() >= 0);
        }

        String toText() {
            Table serverTable = new Table("SERVER", "ADDRESS", "VERSION");
            servers.forEach(s -> serverTable.row(s.name(), s.address(), s.reachable() ? s.version()
                    : "UNREACHABLE: " + s.version()));
            StringBuilder out = new StringBuilder(serverTable.render()).append('\n');
            Table containers = new Table("DATABASE", "RETENTION POLICY", "MEASUREMENT", "FIELDS", "TAGS", "SERIES",
                    "FIRST POINT", "LAST POINT", "FIELD VALUES", "EST. TIME");
            for (ContainerSurvey s : surveys) {
                if (!s.hasData()) {
                    continue;
                }
                containers.row(s.container().database(), s.container().retentionPolicy(), s.container().measurement(),
                        s.fields().size(), s.tagKeys().size(), s.series() < 0 ? "?" : s.series(),
                        TimeFormat.format(s.firstNs()), TimeFormat.format(s.lastNs()),
                        s.fieldValues() < 0 ? "?" : String.format("%,d", s.fieldValues()),
                        s.fieldValues() < 0 ? "?" : MigrationRates.human(rates.estimate(s.fieldValues())));
            }
            if (!containers.isEmpty()) {
                out.append(containers.render());
                long empty = surveys.stream().filter(s -> !s.hasData()).count();
                if (empty > 0) {
                    out.append("(").append(empty).append(" retention policy/measurement pairs hold no points)\n");
                }
                out.append(String.format("total: %s field values; estimated migration time %s%n"
                        + "rates: %s%n%n", counted() ? String.format("%,d", fieldValues()) : "at least "
                        + String.format("%,d", fieldValues()), MigrationRates.human(rates.estimate(fieldValues())),
                        rates.describe()));
            }
            for (Finding.Severity severity : Finding.Severity.values()) {
                for (Finding f : findings) {
                    if (f.severity() == severity) {
                        out.append(severity).append("  ").append(f.subject()).append(": ").append(f.message())
                                .append("\n    fix: ").append(f.fix()).append('\n');
                    }
                }
            }
            boolean reachable = servers.stream().allMatch(ServerInfo::reachable);
            out.append(String.format("%n%s: %d blockers, %d warnings, %d notes%n",
                    !reachable ? "UNREACHABLE" : blockers() > 0 ? "NOT READY" : "READY", blockers(),
                    count(Finding.Severity.WARNING), count(Finding.Severity.NOTE)));
            return out.toString();
        }

        ObjectNode toJson() {
            ObjectNode root = ConnectRestClient.object();
            root.put("ready", blockers() == 0 && servers.stream().allMatch(ServerInfo::reachable));
            ArrayNode s = root.putArray("servers");
            servers.forEach(server -> s.add(ConnectRestClient.json().valueToTree(server)));
            ArrayNode cs = root.putArray("containers");
            for (ContainerSurvey survey : surveys) {
                ObjectNode c = cs.addObject();
                c.put("database", survey.container().database());
                c.put("retention_policy", survey.container().retentionPolicy());
                c.put("measurement", survey.container().measurement());
                ObjectNode fields = c.putObject("fields");
                survey.fields().forEach((name, types) -> types.forEach(t -> fields.withArray(name)
                        .add(t.wireName())));
                c.set("tag_keys", ConnectRestClient.json().valueToTree(survey.tagKeys()));
                c.put("series", survey.series());
                if (survey.hasData()) {
                    c.put("first_ns", survey.firstNs());
                    c.put("last_ns", survey.lastNs());
                }
                c.put("field_values", survey.fieldValues());
                c.put("points_at_least", survey.points());
                if (survey.fieldValues() >= 0) {
                    c.put("estimated_seconds", rates.estimate(survey.fieldValues()).getSeconds());
                }
            }
            root.put("field_values", fieldValues());
            root.put("estimated_seconds", rates.estimate(fieldValues()).getSeconds());
            root.put("source_field_values_per_second", rates.sourceFieldValuesPerSecond());
            root.put("sink_rows_per_second", rates.sinkRowsPerSecond());
            root.put("rates", rates.describe());
            ArrayNode fs = root.putArray("findings");
            findings.forEach(f -> fs.add(ConnectRestClient.json().valueToTree(f)));
            return root;
        }
    }
}
