package io.influxtimescale.cli.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.influxtimescale.cli.CommandFailure;
import io.influxtimescale.cli.ExitCode;
import io.influxtimescale.cli.InfluxOptions;
import io.influxtimescale.cli.TimescaleOptions;
import io.influxtimescale.cli.check.ContainerSurvey;
import io.influxtimescale.cli.check.InfluxSurvey;
import io.influxtimescale.cli.plan.Plan;
import io.influxtimescale.cli.plan.PlanFiles;
import io.influxtimescale.cli.plan.PlanProblem;
import io.influxtimescale.cli.plan.PlanValidator;
import io.influxtimescale.cli.verify.Verifiers;
import io.influxtimescale.source.config.InfluxSourceConfig;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.plan.TimeFormat;
import io.influxtimescale.source.task.TopicNamer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code itc plan}: writes a plan file from what InfluxDB holds (every container with data, its time span and size),
 * for people to review and edit before {@code itc deploy}. Writes no secret: passwords are named by variable.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Write a reviewable, editable migration plan (YAML) from what InfluxDB holds.")
public final class PlanCommand implements Callable<Integer> {
    @Mixin
    InfluxOptions influx;

    @Option(names = "--jdbc-url", required = true, defaultValue = "${env:ITC_JDBC_URL}",
            description = "TimescaleDB JDBC URL for the sink (env ITC_JDBC_URL).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", defaultValue = "${env:ITC_JDBC_USER:-postgres}",
            description = "TimescaleDB user for the sink (default ${DEFAULT-VALUE}).")
    String jdbcUser;

    @Option(names = "--jdbc-password", hidden = true, description = "Ignored: plans hold no secrets.")
    String ignoredPassword;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Plan file to write.")
    Path output;

    @Option(names = "--force", description = "Overwrite an existing plan file.")
    boolean force;

    @Option(names = "--database", description = "Database to plan (repeatable; default: all but _internal).")
    List<String> databases = new ArrayList<>();

    @Option(names = "--schema", defaultValue = "influx", description = "Target schema (${DEFAULT-VALUE}).")
    String schema;

    @Option(names = "--layout", defaultValue = "wide", description = "Target layout: wide, narrow or shepard "
            + "(${DEFAULT-VALUE}, the sink's default).")
    String layout;

    @Option(names = "--window", defaultValue = "1d", description = "Source window (${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--mode", defaultValue = InfluxSourceConfig.MODE_BACKFILL_LIVE,
            description = "Source mode: backfill, live, backfill+live (${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--tasks", defaultValue = "1", description = "Source tasks (${DEFAULT-VALUE}).")
    int tasks;

    @Option(names = "--sink-tasks", defaultValue = "1", description = "Sink tasks (${DEFAULT-VALUE}).")
    int sinkTasks;

    @Option(names = "--topic-prefix", defaultValue = "influx.", description = "Topic prefix (${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(names = "--source", defaultValue = "influx-source", description = "Source connector name "
            + "(${DEFAULT-VALUE}).")
    String sourceName;

    @Option(names = "--sink", defaultValue = "timescale-sink", description = "Sink connector name (${DEFAULT-VALUE}).")
    String sinkName;

    @Option(names = "--skip-counts", description = "Do not count field values (faster on huge servers).")
    boolean skipCounts;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(output) && !force) {
            throw CommandFailure.badInput(output + " exists; give --force to overwrite it or choose another --output");
        }
        String sinkUrl = TimescaleOptions.checkedUrl("--jdbc-url", jdbcUrl); // plans hold no secrets
        InfluxHttpClient client = influx.reachableClient();
        InfluxSurvey survey = new InfluxSurvey(client, !skipCounts);
        TopicNamer topics = new TopicNamer(topicPrefix);
        List<Plan.ContainerEntry> entries = new ArrayList<>();
        for (Container c : Verifiers.containers(client, databases, List.of())) {
            ContainerSurvey s = survey.survey(c);
            if (s.hasData()) {
                entries.add(new Plan.ContainerEntry(c.database(), c.retentionPolicy(), c.measurement(), true,
                        topics.topic(c.database()), TimeFormat.format(s.firstNs()), TimeFormat.format(s.lastNs()),
                        s.fieldValues() < 0 ? null : s.fieldValues()));
            }
        }
        if (entries.isEmpty()) {
            throw CommandFailure.badInput("nothing to plan: no measurement with data in " + (databases.isEmpty()
                    ? "any database" : "databases " + databases) + " of " + influx.url);
        }
        Plan plan = new Plan(Plan.VERSION,
                new Plan.Source(sourceName, influx.url, influx.username == null ? "" : influx.username,
                        influx.hasPassword() ? "ITC_INFLUX_PASSWORD" : "", influx.usesToken() ? "ITC_INFLUX_TOKEN" : "",
                        tasks, mode, window, "", "", topicPrefix, Map.of()),
                new Plan.Sink(sinkName, sinkUrl, jdbcUser, "ITC_JDBC_PASSWORD", sinkTasks, layout, schema, "7d", "",
                        Map.of()),
                new Plan.Topics(1, -1), entries);
        List<PlanProblem> problems = PlanValidator.validate(plan);
        if (!problems.isEmpty()) {
            throw CommandFailure.badInput("these options make a plan that cannot be deployed: " + problems);
        }
        Files.writeString(output, PlanFiles.write(plan));
        spec.commandLine().getOut().printf("wrote %s: %d containers in %d databases; review it, then: itc deploy "
                + "--plan %s --dry-run%n", output, entries.size(),
                entries.stream().map(Plan.ContainerEntry::database).distinct().count(), output);
        return ExitCode.OK;
    }
}
