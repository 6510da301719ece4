package io.influxtimescale.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.cli.ExitCode;
import io.influxtimescale.cli.Itc;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.fixtures.ConnectCluster;
import io.influxtimescale.fixtures.ConnectWorkerProcess;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker of a two-worker Connect cluster killed with SIGKILL: Connect keeps showing its tasks RUNNING on it until
 * {@code scheduled.rebalance.max.delay.ms} has passed (a minute here, so the window is certain). {@code itc status}
 * (and {@code itc cutover}, which shares {@code GoneWorkers}) name the gone worker and its tasks and exit 1 during
 * that window; once Connect has
 * reassigned the tasks to the surviving worker, status exits 0 again.
 */
class WorkerGoneIT {
    private static final String DB = "gone";
    private static final long DELAY_MS = 60_000;

    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.create();

    @RegisterExtension
    static final ConnectCluster CONNECT = ConnectCluster.create().withWorkers(2)
            .withWorkerProperty("scheduled.rebalance.max.delay.ms", Long.toString(DELAY_MS))
            .withMaxHeap("384m");

    @Test
    void statusNamesAKilledWorkerAndItsTasksUntilConnectReassignsThem() throws Exception {
        long t0 = (System.currentTimeMillis() - 3_600_000L) * 1_000_000L;
        INFLUX.query("CREATE DATABASE " + DB);
        StringBuilder lines = new StringBuilder();
        for (int m = 0; m < 4; m++) {
            for (int i = 0; i < 50; i++) {
                lines.append("m").append(m).append(",host=h v=").append(i).append(".5 ")
                        .append(t0 + i * 1_000_000_000L).append('\n');
            }
        }
        INFLUX.write(DB, lines.toString());
        ConnectRestClient rest = CONNECT.rest();
        rest.putConnectorConfig("influx-source", sourceConfig());
        Fixtures.await("itc status to exit 0 with both workers", Duration.ofMinutes(2),
                () -> itc("status").code == ExitCode.OK);

        // Kill the worker that runs task 0 (whichever it is), as a crash would.
        JsonNode status = rest.status("influx-source");
        String victimId = status.path("tasks").get(0).path("worker_id").asText();
        int victim = -1;
        for (int i = 0; i < CONNECT.workers().size(); i++) {
            if (CONNECT.worker(i).restUrl().equals("http://" + victimId)) {
                victim = i;
            }
        }
        assertThat(victim).as("the worker of task 0, %s", victimId).isNotNegative();
        ConnectWorkerProcess dead = CONNECT.worker(victim);
        long killedAt = System.currentTimeMillis();
        CONNECT.kill(victim);

        // Connect still says RUNNING on the dead worker; itc says which worker is gone and which tasks it held.
        assertThat(rest.status("influx-source").path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
        AtomicReference<Result> gone = new AtomicReference<>();
        Fixtures.await("itc status to report the gone worker", Duration.ofSeconds(30), () -> {
            Result r = itc("status");
            gone.set(r);
            return r.code == ExitCode.NOT_YET && r.out.contains("WORKER GONE " + victimId);
        });
        assertThat(System.currentTimeMillis() - killedAt).as("found before Connect may reassign")
                .isLessThan(DELAY_MS);
        assertThat(gone.get().out).contains("influx-source task 0");
        Result json = itc("status", "--json");
        JsonNode tree = ConnectRestClient.json().readTree(json.out);
        assertThat(json.code).isEqualTo(ExitCode.NOT_YET);
        assertThat(tree.path("workers_gone").get(0).path("worker_id").asText()).isEqualTo(victimId);
        assertThat(tree.path("all_running").asBoolean()).isFalse();
        assertThat(System.currentTimeMillis() - killedAt).as("still before Connect may reassign")
                .isLessThan(DELAY_MS);

        // After the delay Connect gives the tasks to the surviving worker: everything runs, status exits 0.
        Fixtures.await("itc status to exit 0 after the reassignment", Duration.ofMillis(DELAY_MS + 90_000), () -> {
            Result r = itc("status");
            return r.code == ExitCode.OK;
        });
        List<String> workers = new ArrayList<>();
        rest.status("influx-source").path("tasks").forEach(t -> workers.add(t.path("worker_id").asText()));
        assertThat(workers).doesNotContain(victimId);
        assertThat(dead.isAlive()).isFalse();
    }

    private static Map<String, String> sourceConfig() {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.influxtimescale.source.InfluxSourceConnector");
        c.put("tasks.max", "2");
        c.put("influxdb.url", INFLUX.url());
        c.put("databases.include", DB);
        c.put("topic.prefix", "gone.");
        c.put("heartbeat.topic", "gone_heartbeats");
        c.put("heartbeat.interval.ms", "500");
        c.put("reconcile.interval.ms", "1000");
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "1");
        return c;
    }

    private static Result itc(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--connect", CONNECT.rest().baseUrl()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Itc.run(new PrintWriter(out), new PrintWriter(err), all.toArray(new String[0]));
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {
    }
}
