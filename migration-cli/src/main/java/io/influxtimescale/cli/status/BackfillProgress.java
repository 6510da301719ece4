package io.influxtimescale.cli.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.offsets.OffsetLoader;
import io.influxtimescale.source.offsets.SourcePartitions;

/**
 * Reads a source connector's committed offsets through the Connect REST API ({@code GET /connectors/{name}/offsets})
 * and turns them into per-container backfill progress, using the connector's own offset loader so that the CLI and
 * the connector can never disagree on the format.
 */
public final class BackfillProgress {
    private BackfillProgress() {
    }

    public static List<ContainerProgress> of(ConnectRestClient rest, String sourceConnector) {
        JsonNode answer = rest.offsets(sourceConnector);
        List<ContainerProgress> progress = new ArrayList<>();
        for (JsonNode entry : answer.path("offsets")) {
            Map<String, Object> partition = toMap(entry.path("partition"));
            if (!partition.containsKey(SourcePartitions.MEASUREMENT)) {
                continue; // not a container partition (e.g. a heartbeat partition)
            }
            Container container = SourcePartitions.load(partition);
            progress.add(new ContainerProgress(container, OffsetLoader.load(toMap(entry.path("offset")))));
        }
        progress.sort(Comparator.comparing(ContainerProgress::container));
        return progress;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(JsonNode node) {
        // Jackson gives Integer/Long for integral JSON numbers, as Connect's own JSON offset store does.
        return ConnectRestClient.json().convertValue(node, Map.class);
    }
}
