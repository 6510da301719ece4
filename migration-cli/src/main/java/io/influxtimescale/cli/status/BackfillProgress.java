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
import io.influxtimescale.source.offsets.SourceOffset;
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
        Map<Container, List<SourceOffset>> slices = new TreeMap<>();
        for (JsonNode entry : rest.offsets(sourceConnector).path("offsets")) {
            Map<String, Object> partition = toMap(entry.path("partition"));
            if (!partition.containsKey(SourcePartitions.MEASUREMENT)) {
                continue; // not a container partition (e.g. a heartbeat partition)
            }
            if (SourcePartitions.isSlice(partition)) {
                slices.computeIfAbsent(SourcePartitions.loadSlice(partition).container(), c -> new ArrayList<>())
                        .add(OffsetLoader.load(toMap(entry.path("offset"))));
                continue;
            }
            Container container = SourcePartitions.load(partition);
            progress.put(container, new ContainerProgress(container, OffsetLoader.load(toMap(entry.path("offset")))));
        }
        List<ContainerProgress> out = new ArrayList<>();
        for (ContainerProgress p : progress.values()) {
            out.add(p.offset() != null && p.offset().sliceNs() > 0
                    ? p.withSlices(slices.getOrDefault(p.container(), List.of())) : p);
        }
        return out;
    }

    /** The partitions of every slice of a container's backfill that has an offset (for a reset). */
    public static List<Map<String, Object>> slicePartitions(ConnectRestClient rest, String sourceConnector,
                                                            Container container) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode entry : rest.offsets(sourceConnector).path("offsets")) {
            Map<String, Object> partition = toMap(entry.path("partition"));
            if (SourcePartitions.isSlice(partition)
                    && SourcePartitions.loadSlice(partition).container().equals(container)) {
                out.add(partition);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(JsonNode node) {
        // Jackson gives Integer/Long for integral JSON numbers, as Connect's own JSON offset store does.
        return ConnectRestClient.json().convertValue(node, Map.class);
    }
}
