package io.influxtimescale.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

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
    /** A second InfluxDB with a low max-select-point, for the preflight's blockers. */
    @RegisterExtension
    static final InfluxServer LIMITED = InfluxServer.create().withMaxSelectPoint(100);

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
        // One reconciliation cycle right after the backfill, then none during the tests: order 17 shows a point
        // nobody has read yet, and what brings it.
        source.put("reconcile.interval.ms", "3600000");
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

    /**
     * {@code itc verify --html} with the three mismatches of the test before, opened in a real headless browser
     * (Debian's chromium, installed by dev/setup): the DOM after the page's script ran shows the verdict, the numbers
     * per container, and a chart per container drawn from the same counts.
     */
    @Test
    @Order(8)
    void verifyHtmlReportRendersInAHeadlessBrowserWithTheNumbers() throws Exception {
        Path html = Files.createTempDirectory("itc-verify-html-").resolve("report.html");
        Result verify = itc("verify", "--database", "mixed", "--bucket", "1h", "--html", html.toString());
        assertThat(verify.code).as(verify.err).isEqualTo(ExitCode.NOT_YET);

        String dom = HeadlessBrowser.dumpDom(html);

        assertThat(dom).contains("<strong>DIFFERS</strong>").contains("<span id=\"containers\">3</span>")
                .contains("<span id=\"mismatches\">3</span>");
        // conflict: 3 types of field v in 4 buckets of 1 h plus the integer of series s=2; one string changed
        assertThat(dom).containsPattern("<td class=\"name\">conflict</td><td class=\"buckets\">5</td>"
                + "<td class=\"matching\">4</td><td class=\"differing\">1</td>"
                + "<td class=\"influx-values\">6</td><td class=\"timescale-values\">6</td>");
        // times: one point deleted, one added, in two different buckets
        assertThat(dom).containsPattern("<td class=\"name\">times</td><td class=\"buckets\">\\d+</td>"
                + "<td class=\"matching\">\\d+</td><td class=\"differing\">2</td>"
                + "<td class=\"influx-values\">5</td><td class=\"timescale-values\">5</td>");
        // drawn by the page's script in the browser: two lines per chart, and captions with the counts
        assertThat(dom).contains("drawn: ").contains("InfluxDB 6 field values (solid), TimescaleDB 6 (dashed)")
                .contains("class=\"influx\"").contains("class=\"timescale\"");
        assertThat(dom).contains("InfluxDB has 'seven'").doesNotContain("<script>alert");
    }

    @Test
    @Order(9)
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

        Result noSchema = itc("verify", "--schema", "nosuchschema");
        assertThat(noSchema.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noSchema.err).contains("schema 'nosuchschema' does not exist").doesNotContain("PSQLException");

        Result passwordInUrl = itc("verify", "--jdbc-url", TIMESCALE.jdbcUrl("ops") + "?password=hunter2");
        assertThat(passwordInUrl.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(passwordInUrl.err).contains("must not carry a password").doesNotContain("hunter2");
    }

    @Test
    @Order(10)
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

    @Test
    @Order(11)
    void checkReportsVersionsWhatInfluxHoldsAndWhatIsHandledAndExitsZero() {
        Result check = itc("check", "--json");

        assertThat(check.code).as(check.out + check.err).isEqualTo(ExitCode.OK);
        JsonNode report = readJson(check.out);
        assertThat(report.path("ready").asBoolean()).isTrue();
        assertThat(report.path("servers").findValuesAsText("version")).anySatisfy(v -> assertThat(v)
                .startsWith("1.6")).anySatisfy(v -> assertThat(v).startsWith("PostgreSQL 15")
                .contains("TimescaleDB 2.")).anySatisfy(v -> assertThat(v).startsWith("Kafka 4."));
        JsonNode m1 = container(report, "ops", "m1");
        assertThat(m1.path("field_values").asLong()).isEqualTo(POINTS);
        assertThat(m1.path("series").asLong()).isEqualTo(1);
        assertThat(m1.path("first_ns").asLong()).isEqualTo(T0);
        assertThat(m1.path("last_ns").asLong()).isEqualTo(T0 + (POINTS - 1) * 1_000_000_000L);
        assertThat(container(report, "mixed", "times").path("first_ns").asLong()).isEqualTo(-1_000_000_000_000_000_000L);
        assertThat(container(report, "mixed", "conflict").path("fields").path("v"))
                .extracting(JsonNode::asText).containsExactlyInAnyOrder("float", "integer", "string", "boolean");
        assertThat(report.path("source_field_values_per_second").asLong()).isEqualTo(330_000);
        assertThat(report.path("sink_rows_per_second").asLong()).isEqualTo(180_000);
        String findings = report.path("findings").toString();
        assertThat(findings).contains("field 'v' has different types in different shards")
                .contains("'k' is both a tag key and a field key").doesNotContain("BLOCKER");

        Result table = itc("check");
        assertThat(table.code).isEqualTo(ExitCode.OK);
        assertThat(table.out).contains("READY: 0 blockers").contains("estimated migration time")
                .contains("rates: source 330,000 field values/s, sink 180,000 rows/s (our measurements");
    }

    @Test
    @Order(12)
    void checkNamesBlockersWithTheirFixAndExitsOne() throws Exception {
        LIMITED.query("CREATE DATABASE dense");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            lines.append("d,s=1 v=").append(i).append("i ").append(T0 + i * 1_000_000L).append('\n');
        }
        LIMITED.write("dense", lines.toString());
        execute("DROP ROLE IF EXISTS weak");
        execute("CREATE ROLE weak LOGIN PASSWORD 'weak-password'");

        Result check = itc("check", "--influx-url", LIMITED.url(), "--jdbc-url", TIMESCALE.jdbcUrl("ops"),
                "--jdbc-user", "weak", "--jdbc-password", "weak-password", "--schema", "not_there_yet");

        assertThat(check.code).as(check.out + check.err).isEqualTo(ExitCode.NOT_YET);
        assertThat(check.out).contains("NOT READY: 2 blockers")
                .contains("BLOCKER  \"dense\".\"autogen\".\"d\": a window holds about 300 field values on "
                        + "average, more than max-select-point 100")
                .contains("fix: set the plan's window (window.duration) to at most 49ms, or set [coordinator] "
                        + "max-select-point = 0")
                .contains("BLOCKER  TimescaleDB: target.schema: the user lacks privileges: CREATE on the database "
                        + "(to create schema 'not_there_yet')")
                .contains("fix: GRANT the missing privileges");
    }

    @Test
    @Order(13)
    void checkWithAnUnreachableServerExitsTwoAndSaysWhatToFix() {
        Result check = itc("check", "--influx-url", "http://127.0.0.1:1");

        assertThat(check.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(check.out).contains("UNREACHABLE: cannot reach InfluxDB at http://127.0.0.1:1")
                .contains("fix: start InfluxDB or fix --influx-url (ITC_INFLUX_URL)");

        Result badLayout = itc("check", "--layout", "wide-ish");
        assertThat(badLayout.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badLayout.err).contains("unknown layout 'wide-ish'");
    }

    @TempDir
    static java.nio.file.Path dir;

    @Test
    @Order(14)
    void planWritesAReviewablePlanWithoutSecrets() throws Exception {
        java.nio.file.Path plan = dir.resolve("plan.yaml");

        Result written = itc("plan", "--database", "ops", "--output", plan.toString(), "--source", "plan-source",
                "--sink", "plan-sink", "--topic-prefix", "plan.", "--schema", "planned", "--window", "6h",
                "--layout", "narrow");

        assertThat(written.code).as(written.err).isEqualTo(ExitCode.OK);
        assertThat(written.out).contains("wrote " + plan + ": 2 containers in 1 databases");
        String text = java.nio.file.Files.readString(plan);
        assertThat(text).contains("connector: \"plan-source\"", "window: \"6h\"", "password_env: \"ITC_JDBC_PASSWORD\"",
                "measurement: \"m1\"", "measurement: \"m2\"", "topic: \"plan.ops\"", "field_values: 200",
                "first_point: \"2023-11-14T22:13:20Z\"").doesNotContain(TimescaleServer.PASSWORD);

        Result again = itc("plan", "--database", "ops", "--output", plan.toString());
        assertThat(again.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(again.err).contains("exists; give --force");
    }

    @Test
    @Order(15)
    void malformedPlansExitTwoNamingLineFieldAndFixAndSendNothing() throws Exception {
        String good = java.nio.file.Files.readString(dir.resolve("plan.yaml"));
        java.util.List<String> before = CONNECT.rest().connectors();
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put(good.replace("  window:", "  windw:"), new String[] {"source.windw: unknown key 'windw'",
                "fix: check its spelling; keys allowed here: backfill_from"});
        cases.put(good.replace("window: \"6h\"", "window: \"6 hours\""), new String[] {"source.window: '6 hours' is "
                + "not a duration", "fix: a duration such as 1h"});
        cases.put(good.replace("layout: \"narrow\"", "layout: \"wide-ish\""), new String[] {"sink.layout: unknown "
                + "layout 'wide-ish'", "fix: one of wide, narrow, shepard"});
        cases.put(good.replace("  measurement: \"m2\"\n", ""), new String[] {"containers[1].measurement: required "
                + "key 'measurement' is missing", "fix: add it"});
        cases.put(good.replace("tasks: 1", "tasks: many"), new String[] {"source.tasks", "whole number"});
        cases.put(good.replace("window: \"6h\"", "window: [\"6h\""), new String[] {"(syntax): not valid YAML",
                "fix: fix the YAML syntax at that line"});
        int n = 0;
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            java.nio.file.Path bad = dir.resolve("bad-" + (n++) + ".yaml");
            java.nio.file.Files.writeString(bad, c.getKey());
            Result deploy = itc("deploy", "--plan", bad.toString());
            assertThat(deploy.code).as(deploy.out + deploy.err).isEqualTo(ExitCode.BAD_INPUT);
            assertThat(deploy.err).contains("cannot be deployed (nothing was sent)").contains("line ")
                    .contains(c.getValue());
        }
        assertThat(CONNECT.rest().connectors()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    @Order(16)
    void deployDryRunSendsNothingThenDeploysIdempotentlyWhatThePlanSays() throws Exception {
        java.nio.file.Path plan = dir.resolve("plan.yaml");
        // the operator leaves m2 out
        String edited = java.nio.file.Files.readString(plan).replaceFirst(
                "(measurement: \"m2\"\n\\s+migrate:) true", "$1 false");
        assertThat(edited).contains("migrate: false");
        java.nio.file.Files.writeString(plan, edited);
        java.nio.file.Path secrets = dir.resolve("secrets.properties");
        java.nio.file.Files.writeString(secrets, "ITC_JDBC_PASSWORD=" + TimescaleServer.PASSWORD + "\n");

        Result noSecret = itc("deploy", "--plan", plan.toString());
        assertThat(noSecret.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noSecret.err).contains("sink.password_env names ITC_JDBC_PASSWORD, which is set neither");

        Result dry = itc("deploy", "--plan", plan.toString(), "--secrets-file", secrets.toString(), "--dry-run");
        assertThat(dry.code).as(dry.err).isEqualTo(ExitCode.OK);
        assertThat(dry.out).contains("would create 'plan-source'", "would create 'plan-sink'",
                "\"databases.include\" : \"ops\"", "\"measurements.include\" : \"m1\"",
                "\"window.duration.ms\" : \"21600000\"", "\"topics\" : \"plan.ops\"", "\"target.schema\" : \"planned\"",
                "\"connection.password\" : \"********\"", "dry run: nothing was sent")
                .doesNotContain(TimescaleServer.PASSWORD);
        assertThat(CONNECT.rest().connectors()).doesNotContain("plan-source", "plan-sink");

        Result deploy = itc("deploy", "--plan", plan.toString(), "--secrets-file", secrets.toString());
        assertThat(deploy.code).as(deploy.err).isEqualTo(ExitCode.OK);
        assertThat(deploy.out).contains("created 'plan-source'", "created 'plan-sink'");
        JsonNode config = CONNECT.rest().connectorConfig("plan-sink");
        assertThat(config.path("connection.password").asText()).isEqualTo(TimescaleServer.PASSWORD);
        Fixtures.await("m1, and only m1, in the planned schema", Duration.ofMinutes(2),
                () -> plannedRows() == POINTS);

        Result again = itc("deploy", "--plan", plan.toString(), "--secrets-file", secrets.toString());
        assertThat(again.code).isEqualTo(ExitCode.OK);
        assertThat(again.out).contains("left 'plan-source': unchanged", "left 'plan-sink': unchanged");
        assertThat(plannedMeasurements()).containsExactly("m1");
    }

    @Test
    @Order(17)
    void cutoverListsWhatIsMissingWhileLagIsHighOrVerifyFailsAndPassesOnceTheTargetIsRepaired() throws Exception {
        // Order 7 deleted, changed and added points in TimescaleDB; they are still there.
        Result refused = itc("cutover", "--bucket", "1h");

        assertThat(refused.code).as(refused.out + refused.err).isEqualTo(ExitCode.NOT_YET);
        assertThat(refused.out).contains("NOT READY for cutover; missing:")
                .contains("verify found 3 mismatched buckets")
                .contains("InfluxDB has 'seven', TimescaleDB has 'eight'")
                .doesNotContain("live lag").doesNotContain("no live phase");

        Result lagging = itc("cutover", "--bucket", "1h", "--max-lag", "1ns", "--json");
        assertThat(lagging.code).isEqualTo(ExitCode.NOT_YET);
        JsonNode report = readJson(lagging.out);
        assertThat(report.path("ready").asBoolean()).isFalse();
        assertThat(report.path("containers").findValuesAsText("phase")).containsOnly("live");
        assertThat(report.path("containers").findValues("live_lag_ns")).hasSize(5)
                .allSatisfy(lag -> assertThat(lag.asLong()).isPositive());
        java.util.List<String> missing = new java.util.ArrayList<>();
        report.path("missing").forEach(m -> missing.add(m.asText()));
        assertThat(missing).filteredOn(m -> m.contains(": live lag ") && m.contains(" is above --max-lag 1ns"))
                .hasSize(5);
        assertThat(missing).filteredOn(m -> m.startsWith("verify found 3 mismatched buckets")).hasSize(1);
        assertThat(report.path("verify").path("mismatches")).hasSize(3);

        // repair: the sink writes everything again from Kafka; the point that only TimescaleDB had is removed
        assertThat(itc("replay").code).isEqualTo(ExitCode.OK);
        executeIn("mixed", "DELETE FROM influx.points p USING influx.series s WHERE s.id = p.series_id"
                + " AND s.measurement = 'times' AND p.time = to_timestamp(0) AND p.time_ns = 5");
        Fixtures.await("verify to match again", Duration.ofMinutes(2),
                () -> itc("verify", "--database", "mixed", "--bucket", "1h").code == ExitCode.OK);

        Result ready = itc("cutover", "--bucket", "1h");
        assertThat(ready.code).as(ready.out + ready.err).isEqualTo(ExitCode.OK);
        assertThat(ready.out).contains("CUTOVER READY").contains("MATCH, " + (2 * POINTS + 15)
                + " field values compared, 0 mismatches");

        Result badLag = itc("cutover", "--max-lag", "soon");
        assertThat(badLag.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badLag.err).contains("--max-lag: 'soon' is not a duration");
    }

    @Test
    @Order(18)
    void cutoverRefusesWhileAFuturePointIsMissingRebackfillBringsItAndSaysWhenThereIsNothingToReread()
            throws Exception {
        long year2200 = 7_258_118_400_000_000_000L;
        INFLUX.write("ops", "m1,host=a v=2200.5 " + year2200);

        // Stamped after the backfill's end and far ahead of the live phase: nothing has read it yet.
        Result refused = itc("cutover", "--bucket", "1d");
        assertThat(refused.code).as(refused.out + refused.err).isEqualTo(ExitCode.NOT_YET);
        assertThat(refused.out).contains("verify found 1 mismatched buckets")
                .contains(year2200 + ": missing in TimescaleDB (InfluxDB has 2200.5)");

        // Re-backfilling from a time after the watermark: reconciliation reads it, at once.
        Result rebackfill = itc("rebackfill", "--database", "ops", "--measurement", "m1", "--from",
                "2199-12-31T00:00:00Z");
        assertThat(rebackfill.code).as(rebackfill.out + rebackfill.err).isEqualTo(ExitCode.OK);
        assertThat(rebackfill.out).contains("reconciliation reads again whatever lies after their live watermark");
        Fixtures.await("the point of 2200 in TimescaleDB", Duration.ofMinutes(2), () -> rows("m1") == POINTS + 1);
        Fixtures.await("cutover to pass", Duration.ofMinutes(2),
                () -> itc("cutover", "--bucket", "1d").code == ExitCode.OK);
        Fixtures.await("status to say m1 is reconciled again", Duration.ofMinutes(2),
                () -> itc("status").code == ExitCode.OK);

        // Deleted in InfluxDB: nothing to re-read, and a re-read could not remove it from TimescaleDB.
        INFLUX.query("ops", "DELETE FROM \"m1\" WHERE time >= " + year2200);
        Result nothing = itc("rebackfill", "--database", "ops", "--measurement", "m1", "--from",
                "2199-12-31T00:00:00Z");
        assertThat(nothing.code).as(nothing.out + nothing.err).isEqualTo(ExitCode.NOT_YET);
        assertThat(nothing.out).contains("nothing to re-read, but TimescaleDB differs")
                .contains("InfluxDB holds no point at or after 2199-12-31T00:00:00Z")
                .contains("deleted in InfluxDB after they were copied").contains("Nothing changed")
                .contains(year2200 + ": only in TimescaleDB (2200.5)");
        assertThat(CONNECT.rest().status("influx-source").path("connector").path("state").asText())
                .isEqualTo("RUNNING");

        execute("DELETE FROM influx.points WHERE \"time\" >= to_timestamp(" + year2200 / 1_000_000_000L + ")");
        Result matches = itc("rebackfill", "--database", "ops", "--measurement", "m1", "--from",
                "2199-12-31T00:00:00Z");
        assertThat(matches.code).as(matches.out + matches.err).isEqualTo(ExitCode.OK);
        assertThat(matches.out).contains("nothing to re-read").contains("TimescaleDB matches there");
    }

    @Test
    @Order(19)
    void cleanRemovesConnectorsOffsetsTopicsAndTablesOnlyWhenConfirmedAndNeverTouchesInflux() throws Exception {
        long influxRowsBefore = rows(null);
        String[] clean = {"clean", "--source", "plan-source", "--sink", "plan-sink", "--topics", "--tables",
                "--bootstrap-servers", CONNECT.bootstrapServers()};

        Result unconfirmed = itc(clean);
        assertThat(unconfirmed.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unconfirmed.err).contains("no terminal to ask for confirmation on: give --yes");
        assertThat(unconfirmed.out).contains("stop sink 'plan-sink', delete its offsets (consumer group "
                + "connect-plan-sink)", "delete topics [plan.ops]",
                "DROP VIEW IF EXISTS \"planned\".\"series_points\"; DROP TABLE IF EXISTS \"planned\".\"points\"; "
                        + "DROP TABLE IF EXISTS \"planned\".\"series\"");
        assertThat(CONNECT.rest().connectors()).contains("plan-source", "plan-sink");
        assertThat(CONNECT.topics()).contains("plan.ops");
        assertThat(plannedRows()).isEqualTo(POINTS);

        Result noBrokers = itc("clean", "--source", "plan-source", "--sink", "plan-sink", "--topics", "--yes");
        assertThat(noBrokers.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noBrokers.err).contains("--topics needs --bootstrap-servers");

        String[] confirmed = java.util.Arrays.copyOf(clean, clean.length + 1);
        confirmed[clean.length] = "--yes";
        Result done = itc(confirmed);

        assertThat(done.code).as(done.out + done.err).isEqualTo(ExitCode.OK);
        assertThat(done.out).contains("deleted connector 'plan-sink' and its offsets",
                "deleted connector 'plan-source' and its offsets", "deleted topics [plan.ops]");
        assertThat(CONNECT.rest().connectors()).doesNotContain("plan-source", "plan-sink")
                .contains("influx-source", "timescale-sink");
        Fixtures.await("topic plan.ops gone", Duration.ofSeconds(60), () -> !CONNECT.topics().contains("plan.ops"));
        try (org.apache.kafka.clients.admin.Admin admin = CONNECT.admin()) {
            assertThat(admin.listConsumerGroupOffsets("connect-plan-sink").partitionsToOffsetAndMetadata().get())
                    .isEmpty();
        }
        assertThat(tableCount("planned")).isZero();
        assertThat(tableCount("influx")).isEqualTo(2);
        // InfluxDB and the other pipeline are untouched
        assertThat(INFLUX.query("ops", "SELECT count(v) FROM m1").toString()).contains("[[0," + POINTS + "]]");
        assertThat(rows(null)).isEqualTo(influxRowsBefore);
        assertThat(CONNECT.rest().status("influx-source").path("connector").path("state").asText())
                .isEqualTo("RUNNING");

        Result again = itc(confirmed);
        assertThat(again.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(again.err).contains("neither 'plan-source' nor 'plan-sink' exists");
    }

    @Test
    @Order(20)
    void statusShowsLiveLagSinkConsumerLagAndRatesWhileWatching() throws Exception {
        Fixtures.await("the sink to have consumed everything", Duration.ofMinutes(2), () -> {
            JsonNode r = readJson(itc("status", "--json", "--bootstrap-servers", CONNECT.bootstrapServers()).out);
            return r.path("sink_consumer_lag").path("total_records").asLong(-1) == 0;
        });
        JsonNode status = readJson(itc("status", "--json", "--bootstrap-servers", CONNECT.bootstrapServers()).out);
        assertThat(status.path("sink_consumer_lag").path("by_topic").fieldNames()).toIterable()
                .containsExactly("ops.mixed", "ops.ops");
        assertThat(status.path("containers").findValuesAsText("phase")).containsOnly("live");
        assertThat(status.path("containers").findValues("live_lag_ns"))
                .allSatisfy(lag -> assertThat(lag.asLong()).isBetween(0L, 60_000_000_000L));

        Result watch = itc("status", "--watch", "1", "--iterations", "2", "--bootstrap-servers",
                CONNECT.bootstrapServers());
        assertThat(watch.code).as(watch.err).isEqualTo(ExitCode.OK);
        java.util.List<String> lines = watch.out.lines().toList();
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line)
                .contains("backfill 5/5 containers 100.0%, live 5, reconciled 5/5, max live lag ", ", sink lag 0 records"));
        assertThat(lines.get(0)).doesNotContain("records/s");
        assertThat(lines.get(1)).contains(" records/s");

        Result watchJson = itc("status", "--watch", "1", "--iterations", "2", "--json");
        assertThat(watchJson.out.lines().toList()).hasSize(2)
                .allSatisfy(line -> assertThat(readJson(line).path("backfill_complete").asBoolean()).isTrue());

        Result table = itc("status");
        assertThat(table.out).contains("LIVE LAG", "live", "RECONCILED", "TO RE-READ", "0 cells")
                .contains("reconciliation: 5 of 5 containers reconciled; everything written to InfluxDB before ");
        assertThat(status.path("containers").findValuesAsText("complete")).containsOnly("true");
        assertThat(status.path("containers").findValues("reconciled_at_ms")).hasSize(5);
    }

    @Test
    @Order(21)
    void replayToATimestampRereadsOnlyTheRecordsWrittenToKafkaSinceThen() throws Exception {
        java.time.Instant t = java.time.Instant.now();
        Thread.sleep(10); // records produced from here on carry a later Kafka timestamp
        long nowNs = (t.getEpochSecond() + 1) * 1_000_000_000L;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            lines.append("m1,host=a v=").append(1000 + i).append(".5 ").append(nowNs + i).append('\n');
        }
        INFLUX.write("ops", lines.toString()); // the live phase follows them
        Fixtures.await("the live points in TimescaleDB", Duration.ofMinutes(2), () -> rows("m1") == POINTS + 10);
        execute("DELETE FROM influx.points p USING influx.series s WHERE s.id = p.series_id AND s.measurement = 'm1'");

        Result noBrokers = itc("replay", "--to-timestamp", t.toString());
        assertThat(noBrokers.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noBrokers.err).contains("--to-timestamp needs --bootstrap-servers");
        Result badTime = itc("replay", "--to-timestamp", "noon", "--bootstrap-servers", CONNECT.bootstrapServers());
        assertThat(badTime.code).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(badTime.err).contains("--to-timestamp 'noon' is not an RFC 3339 time");

        Result replay = itc("replay", "--to-timestamp", t.toString(), "--bootstrap-servers",
                CONNECT.bootstrapServers());

        assertThat(replay.code).as(replay.err).isEqualTo(ExitCode.OK);
        assertThat(replay.out).contains("ops.ops-0 from offset ", "replay started: 'timescale-sink' reads the "
                + "records written to Kafka since ");
        Fixtures.await("the records since the timestamp written again", Duration.ofMinutes(2),
                () -> rows("m1") == 10);
        Fixtures.await("the sink to have consumed everything", Duration.ofMinutes(2), () -> {
            JsonNode r = readJson(itc("status", "--json", "--bootstrap-servers", CONNECT.bootstrapServers()).out);
            return r.path("sink_consumer_lag").path("total_records").asLong(-1) == 0;
        });
        assertThat(rows("m1")).isEqualTo(10); // nothing written to Kafka before the timestamp came back
        try (Connection c = TIMESCALE.connect("ops"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT min(time_epoch_ns), max(time_epoch_ns) FROM influx.series_points"
                     + " WHERE database = 'ops' AND measurement = 'm1'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(nowNs);
            assertThat(rs.getLong(2)).isEqualTo(nowNs + 9);
        }
    }

    private static long tableCount(String schema) throws SQLException {
        try (Connection c = TIMESCALE.connect("ops"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = '" + schema + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long plannedRows() {
        try (Connection c = TIMESCALE.connect("ops"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM planned.points")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static java.util.List<String> plannedMeasurements() throws SQLException {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Connection c = TIMESCALE.connect("ops"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT measurement FROM planned.series ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static JsonNode container(JsonNode report, String database, String measurement) {
        for (JsonNode c : report.path("containers")) {
            if (c.path("database").asText().equals(database) && c.path("measurement").asText().equals(measurement)) {
                return c;
            }
        }
        throw new AssertionError("no container " + database + "/" + measurement + " in " + report);
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
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
        boolean readsServers = java.util.Set.of("verify", "check", "cutover", "plan", "rebackfill").contains(args[0]);
        if (readsServers && !all.contains("--influx-url")) {
            all.addAll(java.util.List.of("--influx-url", INFLUX.url()));
        }
        if (readsServers && !all.contains("--jdbc-url")) {
            all.addAll(java.util.List.of("--jdbc-url", TIMESCALE.jdbcUrl("ops")));
        }
        if (readsServers && !all.contains("--jdbc-password")) {
            all.addAll(java.util.List.of("--jdbc-password", TimescaleServer.PASSWORD));
        }
        boolean talksToConnect = !java.util.Set.of("verify", "plan").contains(args[0]);
        if (talksToConnect && !all.contains("--connect")) {
            all.addAll(java.util.List.of("--connect", CONNECT.restUrl()));
        }
        String[] withConnect = all.toArray(new String[0]);
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
