package io.influxtimescale.cli.plan;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A migration plan as people review and edit it (YAML, snake_case keys). {@code itc plan} writes it from what
 * InfluxDB holds; {@code itc deploy} turns it into the two connectors' configs ({@link ConnectorConfigs}). Secrets are
 * never in it: {@code *_env} names the environment variable (or {@code --secrets-file} entry) deploy reads them from.
 */
@JsonPropertyOrder({"version", "source", "sink", "topics", "containers"})
public record Plan(@JsonProperty(required = true) Integer version,
                   @JsonProperty(required = true) Source source,
                   @JsonProperty(required = true) Sink sink,
                   Topics topics,
                   @JsonProperty(required = true) List<ContainerEntry> containers) {
    public static final int VERSION = 1;

    /** The source connector: where InfluxDB is, how it is read, where records go. */
    @JsonPropertyOrder({"connector", "url", "username", "password_env", "token_env", "tasks", "mode", "window",
            "backfill_from", "backfill_until", "topic_prefix", "extra"})
    public record Source(@JsonProperty(required = true) String connector,
                         @JsonProperty(required = true) String url,
                         String username,
                         String passwordEnv,
                         String tokenEnv,
                         @JsonProperty(required = true) Integer tasks,
                         String mode,
                         @JsonProperty(required = true) String window,
                         String backfillFrom,
                         String backfillUntil,
                         @JsonProperty(required = true) String topicPrefix,
                         Map<String, String> extra) {
    }

    /** The sink connector: where TimescaleDB is and the target layout and schema. */
    @JsonPropertyOrder({"connector", "jdbc_url", "user", "password_env", "tasks", "layout", "schema",
            "chunk_time_interval", "shepard_container_ids", "extra"})
    public record Sink(@JsonProperty(required = true) String connector,
                       @JsonProperty(required = true) String jdbcUrl,
                       String user,
                       String passwordEnv,
                       @JsonProperty(required = true) Integer tasks,
                       @JsonProperty(required = true) String layout,
                       @JsonProperty(required = true) String schema,
                       String chunkTimeInterval,
                       String shepardContainerIds,
                       Map<String, String> extra) {
    }

    /** How the source's topics are created (Connect's topic.creation.default.*). */
    @JsonPropertyOrder({"partitions", "replication_factor"})
    public record Topics(Integer partitions, Integer replicationFactor) {
    }

    /**
     * One container. {@code migrate: false} leaves it out; the rest is what {@code itc plan} found, for review
     * ({@code topic} follows from the source's topic_prefix and must not be edited on its own).
     */
    @JsonPropertyOrder({"database", "retention_policy", "measurement", "migrate", "topic", "first_point",
            "last_point", "field_values"})
    public record ContainerEntry(@JsonProperty(required = true) String database,
                                 @JsonProperty(required = true) String retentionPolicy,
                                 @JsonProperty(required = true) String measurement,
                                 @JsonProperty(required = true) Boolean migrate,
                                 String topic,
                                 String firstPoint,
                                 String lastPoint,
                                 Long fieldValues) {
    }
}
