package io.influxtimescale.source.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.source.config.InfluxSourceTaskConfig;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.influx.InfluxConnectionSettings;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.offsets.OffsetLoader;
import io.influxtimescale.source.offsets.SourceOffset;

/**
 * The backfill phase against a scripted HTTP server speaking InfluxDB's msgpack answers: retries on 5xx and failure
 * after the last retry, the error message of a query the server aborts, and the offsets its records carry (in-flight
 * windows carry the previous completed time, the last record of a window the window end, empty windows heartbeats).
 */
class BackfillPhaseHttpTest {
    private static final long H = 3_600_000_000_000L;
    private static final Container C = new Container("db", "autogen", "m");

    private HttpServer server;
    private final List<String> queries = new ArrayList<>();
    private final AtomicInteger unavailableLeft = new AtomicInteger();
    private volatile String windowError;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/query", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String q = null;
        for (String kv : body.split("&")) {
            if (kv.startsWith("q=")) {
                q = URLDecoder.decode(kv.substring(2), StandardCharsets.UTF_8);
            }
        }
        queries.add(q);
        if (q.startsWith("SELECT \"v\"::field") && unavailableLeft.getAndDecrement() > 0) {
            send(ex, 503, new byte[0]);
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MessagePacker p = MessagePack.newDefaultPacker(out);
        if (q.equals("SHOW SHARDS")) {
            // two 1h shard groups with a gap of one hour between them
            series(p, "db", List.of("id", "database", "retention_policy", "shard_group", "start_time", "end_time"),
                    new Object[][] {{1L, "db", "autogen", 1L, "1970-01-01T00:00:00Z", "1970-01-01T01:00:00Z"},
                                    {2L, "db", "autogen", 2L, "1970-01-01T02:00:00Z", "1970-01-01T03:00:00Z"}});
        } else if (q.startsWith("SHOW FIELD KEYS")) {
            series(p, "m", List.of("fieldKey", "fieldType"), new Object[][] {{"v", "float"}});
        } else if (q.startsWith("SELECT *")) {
            series(p, "m", List.of("time", "v"), new Object[][] {{10L, 1.0}});
        } else if (q.contains("time >= 10 AND")) {
            if (windowError != null) {
                p.packMapHeader(1).packString("results").packArrayHeader(1).packMapHeader(2)
                        .packString("statement_id").packInt(0).packString("error").packString(windowError);
            } else {
                // first window: 5 points of one series -> records of 2, 2 and 1 points
                series(p, "m", List.of("time", "v"), new Object[][] {{10L, 1.0}, {11L, 2.0}, {12L, 3.0},
                        {13L, 4.0}, {14L, 5.0}});
            }
        } else {
            // second window (the other shard group): no data
            p.packMapHeader(1).packString("results").packArrayHeader(1).packMapHeader(1)
                    .packString("statement_id").packInt(0);
        }
        p.close();
        ex.getResponseHeaders().add("Content-Type", "application/x-msgpack");
        send(ex, 200, out.toByteArray());
    }

    private static void series(MessagePacker p, String name, List<String> columns, Object[][] rows)
            throws IOException {
        p.packMapHeader(1).packString("results").packArrayHeader(1).packMapHeader(2).packString("statement_id")
                .packInt(0).packString("series").packArrayHeader(1).packMapHeader(3).packString("name")
                .packString(name).packString("columns").packArrayHeader(columns.size());
        for (String c : columns) {
            p.packString(c);
        }
        p.packString("values").packArrayHeader(rows.length);
        for (Object[] row : rows) {
            p.packArrayHeader(row.length);
            for (Object v : row) {
                if (v instanceof Long) {
                    p.packLong((Long) v);
                } else if (v instanceof Double) {
                    p.packDouble((Double) v);
                } else {
                    p.packString((String) v);
                }
            }
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    private BackfillPhase phase(Map<Container, SourceOffset> stored) {
        Map<String, String> props = new HashMap<>();
        props.put("influxdb.url", "http://127.0.0.1:" + server.getAddress().getPort());
        props.put("max.points.per.record", "2");
        props.put("window.duration.ms", "3600000");
        props.put("max.retries", "2");
        props.put("retry.backoff.ms", "1");
        props.put(InfluxSourceTaskConfig.TASK_CONTAINERS, "db/autogen/m");
        props.put(InfluxSourceTaskConfig.TASK_DEFAULT_UNTIL_NS, Long.toString(4 * H));
        InfluxSourceTaskConfig config = new InfluxSourceTaskConfig(props);
        InfluxHttpClient client = new InfluxHttpClient(InfluxConnectionSettings.plain(
                java.net.URI.create(props.get("influxdb.url"))));
        PhaseTools tools = new PhaseTools(config, client, System::currentTimeMillis);
        return new BackfillPhase(tools, List.of(new ContainerProgress(C, stored.get(C))), p -> { });
    }

    private static List<SourceRecord> drain(BackfillPhase phase) throws InterruptedException {
        List<SourceRecord> all = new ArrayList<>();
        for (int i = 0; i < 100 && !phase.finished(); i++) {
            all.addAll(phase.poll());
            Thread.sleep(phase.idleMs()); // a retry waits for its backoff, as the coordinator does
        }
        assertThat(phase.finished()).isTrue();
        return all;
    }

    @Test
    void offsetsAdvanceWindowByWindowAndEmptyWindowsByHeartbeat() throws InterruptedException {
        List<SourceRecord> records = drain(phase(Map.of()));
        List<SourceRecord> data = records.stream().filter(r -> r.topic().equals("influx.db")).toList();
        assertThat(data).hasSize(3);
        assertThat(data).extracting(r -> RecordContract.seriesWindow(r.value()).size())
                .containsExactly(2, 2, 1);
        // in flight: completed_until is still the first point; the window's last record: the window end (1h)
        assertThat(data).extracting(r -> OffsetLoader.load(r.sourceOffset()).completedUntilNs())
                .containsExactly(10L, 10L, H);
        assertThat(OffsetLoader.load(data.get(0).sourceOffset())).isEqualTo(SourceOffset.backfill(10, 4 * H, 10));
        // the empty second shard group, then the rest of the range: heartbeats carry the progress
        List<SourceRecord> heartbeats = records.stream().filter(r -> r.topic().equals("__influx_source_heartbeats"))
                .toList();
        assertThat(heartbeats).isNotEmpty();
        SourceOffset last = OffsetLoader.load(heartbeats.get(heartbeats.size() - 1).sourceOffset());
        assertThat(last.completedUntilNs()).isEqualTo(4 * H);
        // every window's field values are tallied per cell (1h cells here): 5 values of v in [0, 1h), none after
        assertThat(last.tallies().count(0)).isEqualTo(5);
        assertThat(last.tallies().count(2)).isZero();
        assertThat(last.tallies().hasPartial()).isFalse();
        // the gap between the shard groups [1h, 2h) was never queried
        assertThat(queries).filteredOn(q -> q.startsWith("SELECT \"v\""))
                .containsExactly("SELECT \"v\"::field FROM \"db\".\"autogen\".\"m\" WHERE time >= 10 AND time < "
                        + H + " GROUP BY *", "SELECT \"v\"::field FROM \"db\".\"autogen\".\"m\" WHERE time >= "
                        + 2 * H + " AND time < " + 3 * H + " GROUP BY *");
    }

    @Test
    void aRestartResumesAtTheFirstIncompleteWindow() throws InterruptedException {
        drain(phase(Map.of(C, SourceOffset.backfill(10, 4 * H, H))));
        assertThat(queries).filteredOn(q -> q.startsWith("SELECT")).containsExactly(
                "SELECT \"v\"::field FROM \"db\".\"autogen\".\"m\" WHERE time >= " + 2 * H + " AND time < " + 3 * H
                        + " GROUP BY *");
    }

    @Test
    void unavailableServerIsRetriedThenTheWindowIsRead() throws InterruptedException {
        unavailableLeft.set(2);
        List<SourceRecord> records = drain(phase(Map.of()));
        assertThat(records.stream().filter(r -> r.topic().equals("influx.db")).count()).isEqualTo(3);
    }

    @Test
    void theTaskFailsWithAClearMessageWhenRetriesRunOut() {
        unavailableLeft.set(100);
        assertThatThrownBy(() -> drain(phase(Map.of()))).isInstanceOf(ConnectException.class)
                .hasMessageContaining("InfluxDB failed 3 times in a row (max.retries=2)")
                .hasMessageContaining("\"db\".\"autogen\".\"m\"").hasMessageContaining("HTTP 503");
    }

    @Test
    void aServerLimitNamesContainerWindowAndSetting() {
        windowError = "max-select-point limit exceeed: (51/50)";
        assertThatThrownBy(() -> drain(phase(Map.of()))).isInstanceOf(ConnectException.class)
                .hasMessageContaining("database 'db', retention policy 'autogen', measurement 'm'")
                .hasMessageContaining("window [1970-01-01T00:00:00.000000010Z, 1970-01-01T01:00:00Z)")
                .hasMessageContaining("max-select-point limit exceeed: (51/50)")
                .hasMessageContaining("raise max-select-point in the [coordinator] section");
    }
}
