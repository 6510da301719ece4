package io.influxtimescale.it.source;

import java.util.HashMap;
import java.util.Map;

/** Connector configs the source ITs deploy through the REST API. */
final class SourceConnectorConfigs {
    static final String SOURCE_CLASS = "io.influxtimescale.source.InfluxSourceConnector";

    private SourceConnectorConfigs() {
    }

    static Map<String, String> base(String influxUrl, String topicPrefix) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", SOURCE_CLASS);
        c.put("tasks.max", "2");
        c.put("influxdb.url", influxUrl);
        c.put("topic.prefix", topicPrefix);
        // These ITs count what the backfill emits; the live phase's sweeps would re-send recent points.
        c.put("mode", "backfill");
        c.put("heartbeat.topic", topicPrefix.replace('.', '_') + "_heartbeats");
        // The test broker does not auto-create topics: Connect creates them (KIP-158).
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "3");
        return c;
    }
}
