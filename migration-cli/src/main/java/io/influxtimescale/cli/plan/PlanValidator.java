package io.influxtimescale.cli.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.sink.layout.shepard.ShepardLayout;
import io.influxtimescale.sink.sql.Identifiers;
import io.influxtimescale.source.config.DurationText;
import io.influxtimescale.source.config.InfluxSourceConfig;
import io.influxtimescale.source.task.TopicNamer;

/**
 * What a well-formed plan must also satisfy before anything is sent: values the connectors accept (checked with
 * their own ConfigDefs, so the rules cannot drift), and containers the source's scope can express.
 */
public final class PlanValidator {
    public static final Set<String> MODES = Set.of(InfluxSourceConfig.MODE_BACKFILL, InfluxSourceConfig.MODE_LIVE,
            InfluxSourceConfig.MODE_BACKFILL_LIVE);

    private PlanValidator() {
    }

    public static List<PlanProblem> validate(Plan plan) {
        List<PlanProblem> out = new ArrayList<>();
        if (plan.version() != Plan.VERSION) {
            out.add(problem("version", "version " + plan.version() + " is not supported", "write version: "
                    + Plan.VERSION));
        }
        Plan.Source s = plan.source();
        Plan.Sink k = plan.sink();
        if (s.connector().isBlank() || k.connector().isBlank() || s.connector().equals(k.connector())) {
            out.add(problem("sink.connector", "the source and sink need two different, non-empty connector names",
                    "e.g. influx-source and timescale-sink"));
        }
        positive(out, "source.tasks", s.tasks());
        positive(out, "sink.tasks", k.tasks());
        if (s.mode() != null && !s.mode().isEmpty() && !MODES.contains(s.mode())) {
            out.add(problem("source.mode", "unknown mode '" + s.mode() + "'", "one of backfill, live, backfill+live"));
        }
        duration(out, "source.window", s.window());
        if (!TimescaleSinkConfig.LAYOUTS.contains(k.layout())) {
            out.add(problem("sink.layout", "unknown layout '" + k.layout() + "'", "one of "
                    + String.join(", ", TimescaleSinkConfig.LAYOUTS)));
        } else if (k.layout().equals(ShepardLayout.NAME) && (k.shepardContainerIds() == null
                || k.shepardContainerIds().isEmpty())) {
            out.add(problem("sink.shepard_container_ids", "the shepard layout needs a container id per database",
                    "write database=containerId entries separated by commas"));
        }
        if (!Identifiers.isValid(k.schema())) {
            out.add(problem("sink.schema", "'" + k.schema() + "' cannot be a PostgreSQL schema name",
                    "a non-empty name of at most 63 bytes"));
        }
        if (k.chunkTimeInterval() != null && !k.chunkTimeInterval().isEmpty()) {
            duration(out, "sink.chunk_time_interval", k.chunkTimeInterval());
        }
        containers(plan, out);
        if (out.isEmpty()) {
            // The connectors' own rules for everything else, with stand-ins for secrets.
            ConnectorConfigs configs = ConnectorConfigs.of(plan, Secrets.placeholders());
            connectorRules(InfluxSourceConfig.CONFIG_DEF, configs.source(), true, out);
            InfluxSourceConfig.crossFieldProblems(configs.source()).forEach((key, message) -> out.add(
                    problem(ConnectorConfigs.sourceField(key), message, "see docs/config-reference.md, " + key)));
            connectorRules(TimescaleSinkConfig.CONFIG_DEF, configs.sink(), false, out);
            extraKeys(plan, out);
        }
        return out;
    }

    private static void containers(Plan plan, List<PlanProblem> out) {
        List<Plan.ContainerEntry> cs = plan.containers();
        if (cs.stream().noneMatch(c -> Boolean.TRUE.equals(c.migrate()))) {
            out.add(problem("containers", "no container has migrate: true", "set migrate: true on the containers "
                    + "to migrate"));
            return;
        }
        TopicNamer topics = new TopicNamer(plan.source().topicPrefix());
        ContainerScope scope = ContainerScope.of(cs);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < cs.size(); i++) {
            Plan.ContainerEntry c = cs.get(i);
            String at = "containers[" + i + "]";
            if (c.database().isEmpty() || c.retentionPolicy().isEmpty() || c.measurement().isEmpty()) {
                out.add(problem(at + ".database", "database, retention_policy and measurement must be non-empty",
                        "copy the names exactly as InfluxDB has them"));
                continue;
            }
            if (!seen.add(c.database() + '\u0000' + c.retentionPolicy() + '\u0000' + c.measurement())) {
                out.add(problem(at + ".measurement", "container listed twice", "remove one of the two entries"));
            }
            if (c.topic() != null && !c.topic().isEmpty() && !c.topic().equals(topics.topic(c.database()))) {
                out.add(problem(at + ".topic", "topic '" + c.topic() + "' is not where the source writes this "
                        + "database ('" + topics.topic(c.database()) + "')", "topics follow source.topic_prefix: "
                        + "change that, or delete the topic line"));
            }
            if (!Boolean.TRUE.equals(c.migrate()) && scope.selects(c)) {
                out.add(problem(at + ".migrate", "cannot leave out \"" + c.database() + "\".\"" + c.retentionPolicy()
                        + "\".\"" + c.measurement() + "\" alone: the source reads every combination of the "
                        + "databases, retention policies and measurements of the migrated containers",
                        "set migrate: false on every container of measurement '" + c.measurement() + "' (or of its "
                                + "database or retention policy), or set this one back to true"));
            }
        }
    }

    private static void connectorRules(ConfigDef def, Map<String, String> config, boolean source,
                                       List<PlanProblem> out) {
        for (ConfigValue v : def.validate(config)) {
            for (String message : v.errorMessages()) {
                out.add(problem(source ? ConnectorConfigs.sourceField(v.name()) : ConnectorConfigs.sinkField(v.name()),
                        message, "see docs/config-reference.md, " + v.name()));
            }
        }
    }

    private static void extraKeys(Plan plan, List<PlanProblem> out) {
        ConnectorConfigs bare = ConnectorConfigs.of(withoutExtras(plan), Secrets.placeholders());
        check(plan.source().extra(), bare.source().keySet(), "source.extra", out);
        check(plan.sink().extra(), bare.sink().keySet(), "sink.extra", out);
    }

    private static void check(Map<String, String> extra, Set<String> planned, String field, List<PlanProblem> out) {
        if (extra == null) {
            return;
        }
        for (String key : extra.keySet()) {
            if (planned.contains(key)) {
                out.add(problem(field + "." + key, "'" + key + "' is set by the plan itself", "set it through its "
                        + "plan field instead and remove it from extra"));
            }
        }
    }

    private static Plan withoutExtras(Plan p) {
        Plan.Source s = p.source();
        Plan.Sink k = p.sink();
        return new Plan(p.version(), new Plan.Source(s.connector(), s.url(), s.username(), s.passwordEnv(),
                s.tokenEnv(), s.tasks(), s.mode(), s.window(), s.backfillFrom(), s.backfillUntil(), s.topicPrefix(),
                null), new Plan.Sink(k.connector(), k.jdbcUrl(), k.user(), k.passwordEnv(), k.tasks(), k.layout(),
                k.schema(), k.chunkTimeInterval(), k.shepardContainerIds(), null), p.topics(), p.containers());
    }

    private static void positive(List<PlanProblem> out, String field, int n) {
        if (n < 1) {
            out.add(problem(field, n + " tasks", "at least 1"));
        }
    }

    private static void duration(List<PlanProblem> out, String field, String text) {
        try {
            DurationText.parseNanos(text);
        } catch (IllegalArgumentException e) {
            out.add(problem(field, e.getMessage(), "a duration such as 1h, 30m, 1d or 1d12h"));
        }
    }

    private static PlanProblem problem(String field, String message, String fix) {
        return new PlanProblem(field, 0, message, fix);
    }
}
