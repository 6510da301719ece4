package io.influxtimescale.connectrest;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET /} and {@code GET /connector-plugins}, typed: the worker's Kafka version and cluster, its plugins. */
public record WorkerInfo(String kafkaVersion, String kafkaClusterId, List<Plugin> plugins) {
    /** One loaded plugin: its class, type (source, sink, ...) and the version it reports (may be empty). */
    public record Plugin(String className, String type, String version) {
    }

    public WorkerInfo {
        plugins = List.copyOf(plugins);
    }

    static WorkerInfo of(JsonNode root, JsonNode plugins) {
        List<Plugin> list = new ArrayList<>();
        for (JsonNode p : plugins) {
            list.add(new Plugin(p.path("class").asText(), p.path("type").asText(), p.path("version").asText("")));
        }
        return new WorkerInfo(root.path("version").asText("?"), root.path("kafka_cluster_id").asText("?"), list);
    }

    /** The plugin of that class, if the worker loaded it. */
    public java.util.Optional<Plugin> plugin(String className) {
        return plugins.stream().filter(p -> p.className().equals(className)).findFirst();
    }
}
