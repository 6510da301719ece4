package io.influxtimescale.cli.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.source.config.InfluxSourceTaskConfig;
import io.influxtimescale.source.discovery.ContainerListCodec;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.offsets.OffsetLoader;
import io.influxtimescale.source.offsets.SourcePartitions;

/**
 * Per-container backfill progress of a source connector, from the Connect REST API: the containers its tasks were
 * assigned ({@code GET /connectors/{name}/tasks}, decoded with the connector's own codec) and their committed offsets
 * ({@code GET /connectors/{name}/offsets}, read with the connector's own loader), so that the CLI and the connector
 * can never disagree on either format. An assigned container without an offset is pending.
 */
public final class BackfillProgress {
    private BackfillProgress() {
    }

    public static List<ContainerProgress> of(ConnectRestClient rest, String sourceConnector) {
        Map<Container, ContainerProgress> progress = new TreeMap<>();
        for (JsonNode task : rest.tasks(sourceConnector)) {
            String assigned = task.path("config").path(InfluxSourceTaskConfig.TASK_CONTAINERS).asText("");
            for (Container c : ContainerListCodec.decode(assigned)) {
                progress.put(c, ContainerProgress.pending(c));
            }
        }
        for (JsonNode entry : rest.offsets(sourceConnector).path("offsets")) {
            Map<String, Object> partition = toMap(entry.path("partition"));
            if (!partition.containsKey(SourcePartitions.MEASUREMENT)) {
                continue; // not a container partition (e.g. a heartbeat partition)
            }
            Container container = SourcePartitions.load(partition);
            progress.put(container, new ContainerProgress(container, OffsetLoader.load(toMap(entry.path("offset")))));
        }
        return new ArrayList<>(progress.values());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(JsonNode node) {
        // Jackson gives Integer/Long for integral JSON numbers, as Connect's own JSON offset store does.
        return ConnectRestClient.json().convertValue(node, Map.class);
    }
}
