package io.influxtimescale.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.influxtimescale.connectrest.ConnectRestClient;
import org.junit.jupiter.api.Test;

class GoneWorkersTest {
    private static JsonNode status(String name, String connectorWorker, String... taskWorkers) throws Exception {
        StringBuilder tasks = new StringBuilder();
        for (int i = 0; i < taskWorkers.length; i++) {
            tasks.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"state\":\"RUNNING\",\"worker_id\":\"")
                    .append(taskWorkers[i]).append("\"}");
        }
        return ConnectRestClient.json().readTree("{\"name\":\"" + name + "\",\"connector\":{\"state\":\"RUNNING\","
                + "\"worker_id\":\"" + connectorWorker + "\"},\"tasks\":[" + tasks + "]}");
    }

    @Test
    void namesTheGoneWorkerAndEveryTaskItStillHolds() throws Exception {
        Map<String, GoneWorkers.Probe> probes = Map.of("a:1", GoneWorkers.Probe.ANSWERS, "b:2",
                GoneWorkers.Probe.GONE);
        GoneWorkers.Verdict v = GoneWorkers.find(List.of(status("src", "a:1", "a:1", "b:2", "b:2"),
                status("sink", "b:2", "a:1")), probes::get);
        assertThat(v.unknown()).isFalse();
        assertThat(v.gone()).hasSize(1);
        assertThat(v.gone().get(0).workerId()).isEqualTo("b:2");
        assertThat(v.gone().get(0).assigned()).containsExactly("src task 1", "src task 2", "sink connector");
        assertThat(v.gone().get(0).sentence()).startsWith("WORKER GONE b:2").contains("src task 1");
    }

    @Test
    void judgesNothingWhenNoWorkerIsReachableAtItsAdvertisedAddress() throws Exception {
        GoneWorkers.Verdict v = GoneWorkers.find(List.of(status("src", "connect:8083", "connect:8083")),
                w -> GoneWorkers.Probe.UNREACHABLE_FROM_HERE);
        assertThat(v.gone()).isEmpty();
        assertThat(v.unknown()).isTrue();
        assertThat(v.note()).contains("connect:8083");
    }

    @Test
    void allAnsweringIsNoFinding() throws Exception {
        GoneWorkers.Verdict v = GoneWorkers.find(List.of(status("src", "a:1", "a:1")), w -> GoneWorkers.Probe.ANSWERS);
        assertThat(v.gone()).isEmpty();
        assertThat(v.unknown()).isFalse();
    }

    @Test
    void theHttpProbeTellsAListeningWorkerFromAClosedPortAndAnUnknownHost() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try {
            var probe = GoneWorkers.httpProbe("http", Duration.ofSeconds(2));
            assertThat(probe.apply("127.0.0.1:" + server.getAddress().getPort())).isEqualTo(GoneWorkers.Probe.ANSWERS);
            assertThat(probe.apply("127.0.0.1:" + closed)).isEqualTo(GoneWorkers.Probe.GONE);
            assertThat(probe.apply("no-such-host.invalid:8083")).isEqualTo(GoneWorkers.Probe.UNREACHABLE_FROM_HERE);
        } finally {
            server.stop(0);
        }
    }
}
