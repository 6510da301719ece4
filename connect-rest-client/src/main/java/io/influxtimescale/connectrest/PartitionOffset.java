package io.influxtimescale.connectrest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of {@code GET /connectors/{name}/offsets} (KIP-875): a source partition and its offset as plain maps, the
 * shape Connect's own offset storage reader gives a connector; for a sink, Kafka's topic/partition and offset.
 */
public record PartitionOffset(Map<String, Object> partition, Map<String, Object> offset) {
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = ConnectRestClient.json();

    public PartitionOffset {
        partition = Collections.unmodifiableMap(new LinkedHashMap<>(partition));
        offset = offset == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(offset));
    }

    static List<PartitionOffset> listOf(JsonNode body) {
        List<PartitionOffset> out = new ArrayList<>();
        for (JsonNode entry : body.path("offsets")) {
            JsonNode o = entry.path("offset");
            out.add(new PartitionOffset(map(entry.path("partition")), o.isObject() ? map(o) : null));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(JsonNode node) {
        return MAPPER.convertValue(node, LinkedHashMap.class);
    }
}
