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
    private static final long WEEK = 7 * 24 * 3600 * 1_000_000_000L;
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
        INFLUX.query("CREATE DATABASE mixed");
        INFLUX.write("mixed", String.join("\n",
                "conflict,s=1 v=7.0 " + T0,
                "conflict,s=1 v=1.5 " + (T0 + 1),
                "conflict,s=1 v=7i " + (T0 + 2 * WEEK),
                "conflict,s=2 v=-9223372036854775807i " + (T0 + 2 * WEEK + 5),
                "conflict,s=1 v=\"seven\" " + (T0 + 4 * WEEK),
                "conflict,s=1 v=true " + (T0 + 6 * WEEK),
                "times v=1i -1000000000000000000",
                "times v=2i -1",
                "times v=3i 0",
                "times v=4i " + (T0 + 1),
                "times v=5i " + (T0 + 999),
                "same_key,k=tag k=\"field\",f=0.1 " + T0,
                "same_key,k=tag k=\"later\",f=0.2 " + (T0 + 1000)));
        TIMESCALE.createDatabase("ops");
        ConnectRestClient rest = CONNECT.rest();
        Map<String, String> source = new HashMap<>();
        source.put("connector.class", "io.influxtimescale.source.InfluxSourceConnector");
        source.put("influxdb.url", INFLUX.url());
        source.put("topic.prefix", "ops.");
        source.put("topic.creation.default.replication.factor", "1");
        source.put("topic.creation.default.partitions", "1");
        rest.putConnectorConfig("influx-source", source);
        Fixtures.await("the topics ops.ops and ops.mixed", Duration.ofMinutes(2),
                () -> CONNECT.topics().containsAll(java.util.List.of("ops.ops", "ops.mixed")));
        // the commands below edit the narrow tables by hand; the wide layout is verified at the end
        rest.putConnectorConfig("timescale-sink", sinkConfig("narrow", "influx"));
    }

    @Test
    @Order(1)
    void statusExitsOneUntilTheBackfillIsDoneThenZero() throws Exception {
        Fixtures.await("itc status to exit 0", Duration.ofMinutes(2),
                () -> itc("status").code == ExitCode.OK);
        Fixtures.await("all rows in TimescaleDB", Duration.ofMinutes(2), () -> rows(null) == 2 * POINTS);

        Result table = itc("status");
        assertThat(table.out).contains("influx-source", "timescale-sink", "RUNNING", "m1", "m2", "100.0%",
                "backfill: 5 of 5 containers complete; everything running");

        Result json = itc("status", "--json");
        JsonNode root = ConnectRestClient.json().readTree(json.out);
        assertThat(root.path("backfill_complete").asBoolean()).isTrue();
        assertThat(root.path("containers").findValuesAsText("measurement"))
                .containsExactly("conflict", "same_key", "times", "m1", "m2");
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

    @Test
    @Order(6)
    void verifyMatchesEveryBucketOfBothDatabases() {
        Fixtures.await("every mixed row in TimescaleDB", Duration.ofMinutes(2), () -> mixedRows() == 15);

        Result verify = itc("verify", "--bucket", "1d");

        assertThat(verify.code).as(verify.out + verify.err).isEqualTo(ExitCode.OK);
        assertThat(verify.out).contains("MATCH: 5 containers").contains(" " + (2 * POINTS + 15)
                + " field values compared, 0 mismatches");
    }

    @Test
    @Order(7)
    void verifyFindsADeletedAChangedAndAnAddedPointAndPinsThemDown() throws Exception {
        executeIn("mixed", "DELETE FROM influx.points p USING influx.series s WHERE s.id = p.series_id"
                + " AND s.measurement = 'times' AND p.time_ns = 999 AND p.time > to_timestamp(0)");
        executeIn("mixed", "UPDATE influx.points p SET value_text = 'eight' FROM influx.series s"
                + " WHERE s.id = p.series_id AND s.measurement = 'conflict' AND s.value_type = 'string'");
        executeIn("mixed", "INSERT INTO influx.points (series_id, time, time_ns, value_bigint)"
                + " SELECT id, to_timestamp(0), 5, 42 FROM influx.series WHERE measurement = 'times'");

        Result verify = itc("verify", "--database", "mixed", "--bucket", "1h", "--json");

        assertThat(verify.code).as(verify.err).isEqualTo(ExitCode.NOT_YET);
        JsonNode report = readJson(verify.out);
        assertThat(report.path("match").asBoolean()).isFalse();
        assertThat(report.path("mismatches")).hasSize(3);
        assertThat(report.path("mismatches").findValuesAsText("measurement"))
                .containsExactlyInAnyOrder("conflict", "times", "times");
        String points = report.path("mismatches").findValues("points").toString();
        assertThat(points).contains((T0 + 999) + ": missing in TimescaleDB (InfluxDB has 5)")
                .contains((T0 + 4 * WEEK) + ": InfluxDB has 'seven', TimescaleDB has 'eight'")
                .contains("5: only in TimescaleDB (42)");

        Result table = itc("verify", "--database", "mixed", "--bucket", "1h");
        assertThat(table.code).isEqualTo(ExitCode.NOT_YET);
        assertThat(table.out).contains("DIFFERS: 3 containers").contains("3 mismatches")
                .contains("InfluxDB has 'seven', TimescaleDB has 'eight'");
    }

    @Test
    @Order(8)
    void verifyRefusesBadInputWithExitTwo() {
        Result unreachable = itc("verify", "--influx-url", "http://127.0.0.1:1", "--jdbc-url",
                TIMESCALE.jdbcUrl("ops"));
        assertThat(unreachable.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unreachable.err).contains("InfluxDB at http://127.0.0.1:1 is not reachable");

        Result badPassword = itc("verify", "--influx-url", INFLUX.url(), "--jdbc-url", TIMESCALE.jdbcUrl("ops"),
                "--jdbc-password", "wrong");
        assertThat(badPassword.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badPassword.err).contains("cannot connect to TimescaleDB");

        Result badBucket = itc("verify", "--bucket", "soon");
        assertThat(badBucket.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badBucket.err).contains("--bucket 'soon'");
    }

    @Test
    @Order(9)
    void verifyReadsTheWideLayoutThroughItsCatalogAndFindsAChangedValue() throws Exception {
        CONNECT.rest().putConnectorConfig("timescale-sink-wide", sinkConfig("wide", "wide"));
        Fixtures.await("itc verify of the wide schema to match", Duration.ofMinutes(2),
                () -> itc("verify", "--schema", "wide", "--bucket", "1d").code == ExitCode.OK);

        Result verify = itc("verify", "--schema", "wide", "--bucket", "1d");
        assertThat(verify.out).contains("MATCH: 5 containers").contains(" " + (2 * POINTS + 15)
                + " field values compared, 0 mismatches");
        // the same answer when the layout is named
        assertThat(itc("verify", "--schema", "wide", "--layout", "wide", "--database", "ops").code)
                .isEqualTo(ExitCode.OK);

        execute("UPDATE wide.m1_data SET v = 99.5 WHERE \"time\" = to_timestamp(" + (T0 / 1_000_000_000L) + ")");
        Result changed = itc("verify", "--schema", "wide", "--database", "ops", "--measurement", "m1", "--json");
        assertThat(changed.code).as(changed.err).isEqualTo(ExitCode.NOT_YET);
        assertThat(readJson(changed.out).path("mismatches").findValues("points").toString())
                .contains(T0 + ": InfluxDB has 0.5, TimescaleDB has 99.5");

        Result badLayout = itc("verify", "--layout", "shepard");
        assertThat(badLayout.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badLayout.err).contains("--layout must be wide, narrow or auto");
        CONNECT.rest().delete("timescale-sink-wide");
    }

    /** A sink of both topics into the ops database. */
    private static Map<String, String> sinkConfig(String layout, String schema) {
        Map<String, String> sink = new HashMap<>();
        sink.put("connector.class", "io.influxtimescale.sink.TimescaleSinkConnector");
        sink.put("topics", "ops.ops,ops.mixed");
        sink.put("connection.url", TIMESCALE.jdbcUrl("ops"));
        sink.put("connection.user", TimescaleServer.USER);
        sink.put("connection.password", TimescaleServer.PASSWORD);
        sink.put("target.schema", schema);
        sink.put("layout", layout);
        return sink;
    }

    private static JsonNode readJson(String text) {
        try {
            return ConnectRestClient.json().readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static long mixedRows() {
        try (Connection c = TIMESCALE.connect("ops"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM influx.points p JOIN influx.series s"
                     + " ON s.id = p.series_id WHERE s.database = 'mixed'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static void executeIn(String database, String sql) throws SQLException {
        String scoped = sql.replace("WHERE s.id", "WHERE s.database = '" + database + "' AND s.id")
                .replace("WHERE measurement", "WHERE database = '" + database + "' AND measurement");
        try (Connection c = TIMESCALE.connect("ops"); Statement s = c.createStatement()) {
            s.execute(scoped);
        }
    }

    private static Result itc(String... args) {
        String[] withConnect = args;
        if (args[0].equals("verify")) {
            java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
            if (!all.contains("--influx-url")) {
                all.addAll(java.util.List.of("--influx-url", INFLUX.url(), "--jdbc-url", TIMESCALE.jdbcUrl("ops")));
            }
            if (!all.contains("--jdbc-password")) {
                all.addAll(java.util.List.of("--jdbc-password", TimescaleServer.PASSWORD));
            }
            withConnect = all.toArray(new String[0]);
        } else if (!String.join(" ", args).contains("--connect")) {
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
                + " WHERE s.database = 'ops'" + (measurement == null ? "" : " AND s.measurement = '" + measurement + "'");
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
