package io.influxtimescale.it.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.ThrottledProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector starts while InfluxDB is away (a worker restarted during an InfluxDB outage): it does not block
 * Connect or fail, it runs without tasks and looks again, and once InfluxDB answers its tasks come back and follow on.
 */
class InfluxSourceStartIT {
    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.create();
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    @Test
    void startsWithoutTasksWhileInfluxIsAwayAndResumesWhenItAnswers() throws Exception {
        INFLUX.query("CREATE DATABASE away");
        long s = 1_000_000_000L;
        long now = Instant.now().getEpochSecond() * s;
        INFLUX.write("away", "m v=1 " + (now - 3600 * s));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        URI influx = URI.create(INFLUX.url());
        ThrottledProxy proxy = ThrottledProxy.on(port, influx.getHost(), influx.getPort(), 0);
        ConnectRestClient rest = CONNECT.rest();
        Map<String, String> c = SourceConnectorConfigs.base("http://127.0.0.1:" + port, "away.");
        c.put("mode", "backfill+live");
        c.put("discovery.interval.ms", "500");
        c.put("retry.backoff.ms", "200");
        c.put("databases.include", "away");
        rest.putConnectorConfig("source", c);
        Fixtures.await("the container to go live", Duration.ofMinutes(1), () -> "live".equals(offset(rest)
                .path("phase").asText()));

        // InfluxDB goes away, and the connector is restarted meanwhile.
        proxy.close();
        rest.restart("source");
        Fixtures.await("the connector running without tasks", Duration.ofMinutes(1), () -> {
            JsonNode status = rest.status("source");
            return "RUNNING".equals(status.path("connector").path("state").asText())
                    && status.path("tasks").isEmpty();
        });

        // It comes back: the connector finds it by itself and its task follows on from its offset.
        long written = Instant.now().getEpochSecond() * s;
        INFLUX.write("away", "m v=2 " + written);
        try (ThrottledProxy back = ThrottledProxy.on(port, influx.getHost(), influx.getPort(), 0)) {
            Fixtures.await("the task back and past the point written while away", Duration.ofMinutes(1),
                    () -> offset(rest).path("watermark_ns").asLong() > written);
            assertThat(rest.status("source").path("tasks").findValuesAsText("state")).containsOnly("RUNNING");
        }
    }

    private static JsonNode offset(ConnectRestClient rest) {
        for (JsonNode e : rest.offsets("source").path("offsets")) {
            if ("m".equals(e.path("partition").path("measurement").asText())) {
                return e.path("offset");
            }
        }
        return ConnectRestClient.object();
    }
}
