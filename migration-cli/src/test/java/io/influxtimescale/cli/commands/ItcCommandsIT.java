package io.influxtimescale.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.cli.ExitCode;
import io.influxtimescale.cli.Itc;
import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.TimescaleServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CLI's commands against a real pipeline: InfluxDB, Kafka Connect with both connectors, TimescaleDB. Ordered:
 * the pipeline is deployed once, then each command acts on it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ItcCommandsIT {
    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.create();
    @RegisterExtension
    static final TimescaleServer TIMESCALE = TimescaleServer.create();
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final int POINTS = 200;

    @BeforeAll
    static void deployPipeline() throws Exception {
        INFLUX.query("CREATE DATABASE ops");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < POINTS; i++) {
            lines.append("m1,host=a v=").append(i).append(".5 ").append(T0 + i * 1_000_000_000L).append('\n');
            lines.append("m2,host=b n=").append(i).append("i ").append(T0 + i * 1_000_000_000L).append('\n');
        }
        INFLUX.write("ops", lines.toString());
        TIMESCALE.createDatabase("ops");
        ConnectRestClient rest = CONNECT.rest();
        Map<String, String> source = new HashMap<>();
        source.put("connector.class", "io.influxtimescale.source.InfluxSourceConnector");
        source.put("influxdb.url", INFLUX.url());
        source.put("topic.prefix", "ops.");
        source.put("topic.creation.default.replication.factor", "1");
        source.put("topic.creation.default.partitions", "1");
        rest.putConnectorConfig("influx-source", source);
        Fixtures.await("the topic ops.ops", Duration.ofMinutes(2), () -> CONNECT.topics().contains("ops.ops"));
        Map<String, String> sink = new HashMap<>();
        sink.put("connector.class", "io.influxtimescale.sink.TimescaleSinkConnector");
        sink.put("topics", "ops.ops");
        sink.put("connection.url", TIMESCALE.jdbcUrl("ops"));
        sink.put("connection.user", TimescaleServer.USER);
        sink.put("connection.password", TimescaleServer.PASSWORD);
        sink.put("target.schema", "influx");
        rest.putConnectorConfig("timescale-sink", sink);
    }

    @Test
    @Order(1)
    void statusExitsOneUntilTheBackfillIsDoneThenZero() throws Exception {
        Fixtures.await("itc status to exit 0", Duration.ofMinutes(2),
                () -> itc("status").code == ExitCode.OK);
        Fixtures.await("all rows in TimescaleDB", Duration.ofMinutes(2), () -> rows(null) == 2 * POINTS);

        Result table = itc("status");
        assertThat(table.out).contains("influx-source", "timescale-sink", "RUNNING", "m1", "m2", "100.0%",
                "backfill: 2 of 2 containers complete; everything running");

        Result json = itc("status", "--json");
        JsonNode root = ConnectRestClient.json().readTree(json.out);
        assertThat(root.path("backfill_complete").asBoolean()).isTrue();
        assertThat(root.path("containers").findValuesAsText("measurement")).containsExactly("m1", "m2");
        assertThat(root.path("containers").findValuesAsText("backfill_done")).containsOnly("true");
    }

    @Test
    @Order(2)
    void replayRefillsEmptiedTablesFromKafka() throws Exception {
        execute("TRUNCATE influx.points, influx.series");
        assertThat(rows(null)).isZero();

        Result replay = itc("replay");

        assertThat(replay.code).as(replay.err).isEqualTo(ExitCode.OK);
        assertThat(replay.out).contains("replay started");
        Fixtures.await("rows replayed", Duration.ofMinutes(2), () -> rows(null) == 2 * POINTS);
    }

    @Test
    @Order(3)
    void rebackfillReadsOneMeasurementAgainFromInflux() throws Exception {
        execute("DELETE FROM influx.points p USING influx.series s WHERE s.id = p.series_id AND s.measurement = 'm1'");
        assertThat(rows("m1")).isZero();

        Result rebackfill = itc("rebackfill", "--database", "ops", "--measurement", "m1");

        assertThat(rebackfill.code).as(rebackfill.err).isEqualTo(ExitCode.OK);
        assertThat(rebackfill.out).contains("re-backfill started for 1 container(s)");
        Fixtures.await("m1 backfilled again", Duration.ofMinutes(2), () -> rows("m1") == POINTS);
        assertThat(rows(null)).isEqualTo(2 * POINTS);
    }

    @Test
    @Order(4)
    void rebackfillFromATimeRestoresTheRowsAfterIt() throws Exception {
        long half = T0 + (POINTS / 2) * 1_000_000_000L;
        execute("DELETE FROM influx.points p USING influx.series s WHERE s.id = p.series_id AND s.measurement = 'm2'"
                + " AND p.time >= to_timestamp(" + (half / 1_000_000_000L) + ")");
        assertThat(rows("m2")).isEqualTo(POINTS / 2);

        Result rebackfill = itc("rebackfill", "--database", "ops", "--measurement", "m2", "--from",
                "2023-11-14T22:14:20Z");

        assertThat(rebackfill.code).as(rebackfill.err).isEqualTo(ExitCode.OK);
        Fixtures.await("m2 backfilled again from the given time", Duration.ofMinutes(2),
                () -> rows("m2") == POINTS);
    }

    @Test
    @Order(5)
    void badInputAndUnreachableServersExitTwoWithAMessageAndChangeNothing() {
        Result unreachable = itc("status", "--connect", "http://127.0.0.1:1");
        assertThat(unreachable.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unreachable.err).contains("not reachable");

        Result noSink = itc("replay", "--sink", "no-such-sink");
        assertThat(noSink.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noSink.err).contains("no connector named 'no-such-sink'", "timescale-sink");

        Result noDatabase = itc("rebackfill", "--database", "nope");
        assertThat(noDatabase.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noDatabase.err).contains("no committed offset for database 'nope'");

        Result badTime = itc("rebackfill", "--database", "ops", "--from", "yesterday");
        assertThat(badTime.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badTime.err).contains("RFC 3339");

        Result unknownOption = itc("status", "--frobnicate");
        assertThat(unknownOption.code).isEqualTo(ExitCode.BAD_INPUT);

        assertThat(CONNECT.rest().status("influx-source").path("connector").path("state").asText())
                .isEqualTo("RUNNING");
    }

    private static Result itc(String... args) {
        String[] withConnect = args;
        if (!String.join(" ", args).contains("--connect")) {
            withConnect = new String[args.length + 2];
            System.arraycopy(args, 0, withConnect, 0, args.length);
            withConnect[args.length] = "--connect";
            withConnect[args.length + 1] = CONNECT.restUrl();
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Itc.run(new PrintWriter(out), new PrintWriter(err), withConnect);
        return new Result(code, out.toString(), err.toString());
    }

    private static long rows(String measurement) {
        String sql = "SELECT count(*) FROM influx.points p JOIN influx.series s ON s.id = p.series_id"
                + (measurement == null ? "" : " WHERE s.measurement = '" + measurement + "'");
        try (Connection c = TIMESCALE.connect("ops"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = TIMESCALE.connect("ops"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static final class Result {
        final int code;
        final String out;
        final String err;

        Result(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }
    }
}
