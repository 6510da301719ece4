package io.influxtimescale.cli.check;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.connectrest.ConnectRestException;

/** The worker's side of the preflight: reachable, its Kafka version, and both connector plugins installed. */
public final class ConnectPreflight {
    public static final String SOURCE_CLASS = "io.influxtimescale.source.InfluxSourceConnector";
    public static final String SINK_CLASS = "io.influxtimescale.sink.TimescaleSinkConnector";

    private ConnectPreflight() {
    }

    public static ServerInfo run(ConnectRestClient rest, List<Finding> out) {
        JsonNode info;
        JsonNode plugins;
        try {
            info = rest.serverInfo();
            plugins = rest.connectorPlugins();
        } catch (ConnectRestException e) {
            out.add(Finding.blocker("Kafka Connect", e.getMessage(), "start the worker or fix --connect "
                    + "(ITC_CONNECT_URL)"));
            return new ServerInfo("Kafka Connect", rest.baseUrl(), false, e.getMessage());
        }
        List<String> classes = new ArrayList<>();
        plugins.forEach(p -> classes.add(p.path("class").asText()));
        for (String needed : List.of(SOURCE_CLASS, SINK_CLASS)) {
            String version = "";
            for (JsonNode p : plugins) {
                if (p.path("class").asText().equals(needed)) {
                    version = p.path("version").asText();
                }
            }
            if (!classes.contains(needed)) {
                out.add(Finding.blocker("Kafka Connect", "plugin " + needed + " is not installed on the worker",
                        "unpack its plugin archive (target/*-plugin.zip) into a directory on the worker's "
                                + "plugin.path and restart the worker"));
            } else if (version.isEmpty()) {
                out.add(Finding.note("Kafka Connect", "plugin " + needed + " reports no version", "none"));
            }
        }
        return new ServerInfo("Kafka Connect", rest.baseUrl(), true,
                "Kafka " + info.path("version").asText("?") + ", cluster " + info.path("kafka_cluster_id").asText("?"));
    }
}
