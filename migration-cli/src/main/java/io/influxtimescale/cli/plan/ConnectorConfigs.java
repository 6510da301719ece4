package io.influxtimescale.cli.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import org.apache.kafka.common.config.ConfigDef;

import io.influxtimescale.cli.check.ConnectPreflight;
import io.influxtimescale.source.config.DurationText;
import io.influxtimescale.source.config.InfluxSourceConfig;
import io.influxtimescale.sink.config.JdbcUrls;
import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.source.task.TopicNamer;

/**
 * A plan as the two connectors' configs, keyed by their real ConfigDef names, and the way back from a config key
 * to the plan field it came from (for errors). Pure: secrets come in through {@link Secrets}.
 */
public record ConnectorConfigs(Map<String, String> source, Map<String, String> sink) {
    public static ConnectorConfigs of(Plan plan, Secrets secrets) {
        Plan.Source s = plan.source();
        ContainerScope scope = ContainerScope.of(plan.containers());
        Map<String, String> source = new LinkedHashMap<>();
        source.put("connector.class", ConnectPreflight.SOURCE_CLASS);
        source.put("tasks.max", String.valueOf(s.tasks()));
        source.put(InfluxSourceConfig.URL, s.url());
        source.put(InfluxSourceConfig.USERNAME, nonNull(s.username()));
        secrets.resolve("source.password_env", s.passwordEnv()).ifPresent(v -> source.put(InfluxSourceConfig.PASSWORD, v));
        secrets.resolve("source.token_env", s.tokenEnv()).ifPresent(v -> source.put(InfluxSourceConfig.TOKEN, v));
        source.put(InfluxSourceConfig.DATABASES_INCLUDE, ContainerScope.patternList(scope.databases()));
        source.put(InfluxSourceConfig.DATABASES_EXCLUDE, "");
        // Nothing left out: every policy and measurement of the planned databases, so that the live phase also
        // follows measurements created after the plan. Something left out: exactly the planned names.
        boolean all = plan.containers().stream().allMatch(c -> Boolean.TRUE.equals(c.migrate()));
        source.put(InfluxSourceConfig.RETENTION_POLICIES_INCLUDE, all ? ".*"
                : ContainerScope.patternList(scope.retentionPolicies()));
        source.put(InfluxSourceConfig.MEASUREMENTS_INCLUDE, all ? ".*" : ContainerScope.patternList(scope.measurements()));
        source.put(InfluxSourceConfig.MEASUREMENTS_EXCLUDE, "");
        source.put(InfluxSourceConfig.BACKFILL_FROM, nonNull(s.backfillFrom()));
        source.put(InfluxSourceConfig.BACKFILL_UNTIL, nonNull(s.backfillUntil()));
        source.put(InfluxSourceConfig.WINDOW_DURATION_MS, millis(s.window()));
        source.put(InfluxSourceConfig.MODE, s.mode() == null || s.mode().isEmpty()
                ? InfluxSourceConfig.MODE_BACKFILL_LIVE : s.mode());
        source.put(InfluxSourceConfig.TOPIC_PREFIX, s.topicPrefix());
        Plan.Topics topics = plan.topics() == null ? new Plan.Topics(null, null) : plan.topics();
        source.put("topic.creation.default.partitions", String.valueOf(topics.partitions() == null ? 1
                : topics.partitions()));
        source.put("topic.creation.default.replication.factor", String.valueOf(topics.replicationFactor() == null
                ? -1 : topics.replicationFactor()));
        if (s.extra() != null) {
            source.putAll(s.extra());
        }

        Plan.Sink k = plan.sink();
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector.class", ConnectPreflight.SINK_CLASS);
        sink.put("tasks.max", String.valueOf(k.tasks()));
        TopicNamer namer = new TopicNamer(s.topicPrefix());
        sink.put("topics", String.join(",", new TreeSet<>(scope.databases().stream().map(namer::topic).toList())));
        sink.put(TimescaleSinkConfig.CONNECTION_URL, k.jdbcUrl());
        sink.put(TimescaleSinkConfig.CONNECTION_USER, nonNull(k.user()));
        secrets.resolve("sink.password_env", k.passwordEnv())
                .ifPresent(v -> sink.put(TimescaleSinkConfig.CONNECTION_PASSWORD, v));
        sink.put(TimescaleSinkConfig.TARGET_SCHEMA, k.schema());
        sink.put(TimescaleSinkConfig.LAYOUT, k.layout());
        if (k.chunkTimeInterval() != null && !k.chunkTimeInterval().isEmpty()) {
            sink.put(TimescaleSinkConfig.CHUNK_TIME_INTERVAL_MS, millis(k.chunkTimeInterval()));
        }
        if (k.shepardContainerIds() != null && !k.shepardContainerIds().isEmpty()) {
            sink.put(TimescaleSinkConfig.SHEPARD_CONTAINER_IDS, k.shepardContainerIds());
        }
        if (k.extra() != null) {
            sink.putAll(k.extra());
        }
        return new ConnectorConfigs(source, sink);
    }

    /** The plan field a source config key comes from, for error messages. */
    public static String sourceField(String key) {
        return switch (key) {
            case InfluxSourceConfig.URL -> "source.url";
            case InfluxSourceConfig.USERNAME -> "source.username";
            case InfluxSourceConfig.PASSWORD -> "source.password_env";
            case InfluxSourceConfig.TOKEN -> "source.token_env";
            case InfluxSourceConfig.DATABASES_INCLUDE, InfluxSourceConfig.RETENTION_POLICIES_INCLUDE,
                 InfluxSourceConfig.MEASUREMENTS_INCLUDE -> "containers";
            case InfluxSourceConfig.BACKFILL_FROM -> "source.backfill_from";
            case InfluxSourceConfig.BACKFILL_UNTIL -> "source.backfill_until";
            case InfluxSourceConfig.WINDOW_DURATION_MS -> "source.window";
            case InfluxSourceConfig.TOPIC_PREFIX -> "source.topic_prefix";
            case "tasks.max" -> "source.tasks";
            case InfluxSourceConfig.MODE -> "source.mode";
            default -> "source.extra." + key;
        };
    }

    /** The plan field a sink config key comes from, for error messages. */
    public static String sinkField(String key) {
        return switch (key) {
            case TimescaleSinkConfig.CONNECTION_URL -> "sink.jdbc_url";
            case TimescaleSinkConfig.CONNECTION_USER -> "sink.user";
            case TimescaleSinkConfig.CONNECTION_PASSWORD -> "sink.password_env";
            case TimescaleSinkConfig.TARGET_SCHEMA -> "sink.schema";
            case TimescaleSinkConfig.LAYOUT -> "sink.layout";
            case TimescaleSinkConfig.CHUNK_TIME_INTERVAL_MS -> "sink.chunk_time_interval";
            case TimescaleSinkConfig.SHEPARD_CONTAINER_IDS -> "sink.shepard_container_ids";
            case "tasks.max" -> "sink.tasks";
            case "topics" -> "containers";
            default -> "sink.extra." + key;
        };
    }

    /** True when a config key holds a secret (a PASSWORD in the connector's ConfigDef): masked in every output. */
    public static boolean secret(String key) {
        return isPassword(InfluxSourceConfig.CONFIG_DEF, key) || isPassword(TimescaleSinkConfig.CONFIG_DEF, key);
    }

    private static boolean isPassword(ConfigDef def, String key) {
        ConfigDef.ConfigKey k = def.configKeys().get(key);
        return k != null && k.type == ConfigDef.Type.PASSWORD;
    }

    /** A copy with every secret replaced by {@code ********}. */
    public static Map<String, String> masked(Map<String, String> config) {
        Map<String, String> out = new LinkedHashMap<>();
        config.forEach((k, v) -> out.put(k, secret(k) || k.toLowerCase(java.util.Locale.ROOT).contains("password")
                ? "********" : k.equals(TimescaleSinkConfig.CONNECTION_URL) ? JdbcUrls.redacted(v) : v));
        return out;
    }

    /** A plan's text duration ("1d") as the connectors' milliseconds; the plan validator has checked it. */
    private static String millis(String duration) {
        return duration == null || duration.isEmpty() ? null
                : String.valueOf(DurationText.parseNanos(duration) / 1_000_000L);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
