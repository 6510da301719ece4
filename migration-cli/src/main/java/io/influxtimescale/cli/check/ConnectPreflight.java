package io.influxtimescale.cli.check;

import java.util.List;
import java.util.Optional;

import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.connectrest.ConnectRestException;
import io.influxtimescale.connectrest.WorkerInfo;

/** The worker's side of the preflight: reachable, its Kafka version, and both connector plugins installed. */
public final class ConnectPreflight {
    public static final String SOURCE_CLASS = "io.influxtimescale.source.InfluxSourceConnector";
    public static final String SINK_CLASS = "io.influxtimescale.sink.TimescaleSinkConnector";

    private ConnectPreflight() {
    }

    public static ServerInfo run(ConnectRestClient rest, List<Finding> out) {
        WorkerInfo worker;
        try {
            worker = rest.workerInfo();
        } catch (ConnectRestException e) {
            out.add(Finding.blocker("Kafka Connect", e.getMessage(), "start the worker or fix --connect "
                    + "(ITC_CONNECT_URL)"));
            return new ServerInfo("Kafka Connect", rest.baseUrl(), false, e.getMessage());
        }
        for (String needed : List.of(SOURCE_CLASS, SINK_CLASS)) {
            Optional<WorkerInfo.Plugin> plugin = worker.plugin(needed);
            if (plugin.isEmpty()) {
                out.add(Finding.blocker("Kafka Connect", "plugin " + needed + " is not installed on the worker",
                        "unpack its plugin archive (target/*-plugin.zip) into a directory on the worker's "
                                + "plugin.path and restart the worker"));
            } else if (plugin.get().version().isEmpty()) {
                out.add(Finding.note("Kafka Connect", "plugin " + needed + " reports no version", "none"));
            }
        }
        return new ServerInfo("Kafka Connect", rest.baseUrl(), true,
                "Kafka " + worker.kafkaVersion() + ", cluster " + worker.kafkaClusterId());
    }
}
