package io.influxtimescale.connectrest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The typed answers, from bodies as Kafka Connect 4.1 writes them. */
class ConnectorStatusTest {
    private static ConnectorStatus parse(String json) throws Exception {
        return ConnectorStatus.of(ConnectRestClient.json().readTree(json));
    }

    @Test
    void aRunningConnectorWithAFailedTaskIsNotRunningAndSaysWhy() throws Exception {
        ConnectorStatus s = parse("{\"name\":\"sink\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"w:1\"},"
                + "\"tasks\":[{\"id\":0,\"state\":\"RUNNING\",\"worker_id\":\"w:1\"},{\"id\":1,\"state\":\"FAILED\","
                + "\"worker_id\":\"w:1\",\"trace\":\"org.apache.kafka.connect.errors.ConnectException: boom\\n\\tat x\"}],"
                + "\"type\":\"sink\"}");
        assertThat(s.running()).isTrue();
        assertThat(s.allRunning()).isFalse();
        assertThat(s.notRunning()).containsExactly(
                "connector 'sink' task 1 is FAILED: org.apache.kafka.connect.errors.ConnectException: boom");
        assertThat(s.failedTask()).get().extracting(ConnectorStatus.Task::id).isEqualTo(1);
    }

    @Test
    void aStoppedConnectorHasNoTasksAndIsNotRunning() throws Exception {
        ConnectorStatus s = parse("{\"name\":\"src\",\"connector\":{\"state\":\"STOPPED\",\"worker_id\":\"w\"},"
                + "\"tasks\":[],\"type\":\"source\"}");
        assertThat(s.notRunning()).containsExactly("connector 'src' is STOPPED");
        assertThat(parse("{\"name\":\"src\",\"connector\":{\"state\":\"RUNNING\"},\"tasks\":[]}").allRunning())
                .isTrue();
    }

    @Test
    void offsetsAreMapsPerPartitionAndANullOffsetStaysNull() throws Exception {
        var list = PartitionOffset.listOf(ConnectRestClient.json().readTree("{\"offsets\":[{\"partition\":"
                + "{\"database\":\"db\",\"retention_policy\":\"rp\",\"measurement\":\"m\"},\"offset\":{\"v\":1,"
                + "\"phase\":\"backfill\",\"from_ns\":-5,\"until_ns\":9223372036854775806,\"completed_until_ns\":0}},"
                + "{\"partition\":{\"kafka_topic\":\"t\",\"kafka_partition\":0},\"offset\":null}]}"));
        assertThat(list).hasSize(2);
        assertThat(list.get(0).partition()).containsEntry("measurement", "m");
        assertThat(list.get(0).offset()).containsEntry("until_ns", 9223372036854775806L).containsEntry("from_ns", -5);
        assertThat(list.get(1).offset()).isNull();
    }
}
