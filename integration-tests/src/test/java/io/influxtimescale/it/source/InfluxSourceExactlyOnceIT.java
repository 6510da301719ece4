package io.influxtimescale.it.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.it.data.EdgeCaseDataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once source delivery (KIP-618): on a worker with {@code exactly.once.source.support=enabled} the connector
 * deployed with {@code exactly.once.support=required} is accepted (it declares support), and its records and offsets
 * commit in transactions: a read_committed consumer sees every value of the edge-case data set, and the committed
 * offsets say every container is complete.
 */
class InfluxSourceExactlyOnceIT {
    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.create();

    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create()
            .withWorkerProperty("exactly.once.source.support", "enabled");

    @Test
    void deliversEveryValueInCommittedTransactions() {
        EdgeCaseDataSet data = EdgeCaseDataSet.create();
        data.writeTo(INFLUX);
        Map<String, String> config = SourceConnectorConfigs.base(INFLUX.url(), "eos.");
        config.put("exactly.once.support", "required");
        config.put("transaction.boundary", "poll");
        config.put("max.points.per.record", "40");
        CONNECT.rest().putConnectorConfig("eos-source", config);

        SourceTopics topics = new SourceTopics(CONNECT);
        List<String> names = topics.awaitTopics("eos.", 2, Duration.ofSeconds(90));
        Set<String> expected = SourceTopics.keysOf(data.values());
        List<SourceTopics.Decoded> records = topics.readUntilComplete(names, expected, Duration.ofSeconds(120), true);

        assertThat(SourceTopics.valuesOf(records)).containsExactlyInAnyOrderElementsOf(new TreeSet<>(expected));
        Fixtures.await("every container's committed offset to be complete", Duration.ofSeconds(60), () -> {
            int containers = 0;
            for (JsonNode entry : CONNECT.rest().offsets("eos-source").path("offsets")) {
                if (entry.path("partition").has("measurement")) {
                    containers++;
                    JsonNode o = entry.path("offset");
                    if (o.path("completed_until_ns").asLong() < o.path("until_ns").asLong()) {
                        return false;
                    }
                }
            }
            return containers > 0;
        });
        assertThat(CONNECT.rest().status("eos-source").path("tasks").findValuesAsText("state"))
                .containsOnly("RUNNING");
    }
}
