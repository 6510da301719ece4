package io.influxtimescale.it.live;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.fixtures.TimescaleServer;

/** What the live tests and benchmarks share: how many containers follow live writes, and a narrow sink. */
public final class LiveChecks {
    private LiveChecks() {
    }

    /** Containers whose committed source offset is in the live phase. */
    public static int liveContainers(ConnectRestClient rest, String source) {
        int live = 0;
        for (JsonNode entry : rest.offsets(source).path("offsets")) {
            if (entry.path("partition").has("measurement")
                    && "live".equals(entry.path("offset").path("phase").asText())) {
                live++;
            }
        }
        return live;
    }

    /** A sink writing one topic into the narrow layout (whose rows {@code PipelineChecks} reads). */
    public static Map<String, String> narrowSink(TimescaleServer timescale, String database, String topic, String schema,
                                          int tasks) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.influxtimescale.sink.TimescaleSinkConnector");
        c.put("tasks.max", Integer.toString(tasks));
        c.put("topics", topic);
        c.put("connection.url", timescale.jdbcUrl(database));
        c.put("connection.user", TimescaleServer.USER);
        c.put("connection.password", TimescaleServer.PASSWORD);
        c.put("target.schema", schema);
        c.put("layout", "narrow");
        return c;
    }
}
