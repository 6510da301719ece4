package io.influxtimescale.it.sink;

import static io.influxtimescale.it.sink.SinkHarness.quote;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import com.fasterxml.jackson.databind.JsonNode;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.TimescaleServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The wide layout through a real Connect worker into a real TimescaleDB. */
class WideSinkIT {
    @RegisterExtension
    static final TimescaleServer TIMESCALE = TimescaleServer.create();
    /** With a FileConfigProvider, as docs/security.md recommends, so that a connector's secret can stay in a file. */
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create()
            .withWorkerProperty("config.providers", "file")
            .withWorkerProperty("config.providers.file.class",
                    "org.apache.kafka.common.config.provider.FileConfigProvider");

    @TempDir
    static Path secretsDir;

    private final SinkHarness harness = new SinkHarness(CONNECT, TIMESCALE);

    @Test
    void exactValuesNanosecondTimesSparseFieldsTwoTypesAndHostileNamesAndAReplayChangesNothing() throws Exception {
        String db = TIMESCALE.createDatabase("wide_exact");
        String topic = "wide-exact";
        CONNECT.createTopic(topic, 1);
        List<SeriesWindow> windows = Points.edgeCases();
        harness.produce(topic, null, windows);
        // a hostile schema name too: quotes, spaces, upper case, 63 bytes exactly
        String schema = "Wide \"Schema\" ü " + "s".repeat(63 - 17);
        harness.deploy("wide-exact", harness.sinkConfig("wide", topic, db, schema));
        harness.awaitCaughtUp("wide-exact", topic, Duration.ofSeconds(90));

        assertThat(harness.widePoints(db, schema)).containsExactlyElementsOf(Points.expected(windows));
        String q = quote(schema);
        try (Connection c = TIMESCALE.connect(db); Statement s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
            // the measurement is a view named like it, tags as columns; time is a plain timestamptz
            try (ResultSet rs = s.executeQuery("SELECT \"time\"::text, time_ns, host, dc, usage, \"count\", bytes, note, "
                    + "ok, mixed, mixed_integer, mixed_string FROM " + q + ".cpu WHERE host = 'h1' AND \"time\" > "
                    + "'2023-11-14 22:13:20+00'::timestamptz - interval '1 microsecond' ORDER BY \"time\", time_ns")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("2023-11-14 22:13:20+00");
                assertThat(rs.getInt(2)).isZero();
                assertThat(rs.getString(4)).isEqualTo("eu");
                assertThat(rs.getDouble(5)).isEqualTo(Double.MAX_VALUE);
                assertThat(rs.getString(8)).isEqualTo(Points.LONG_STRING);
                assertThat(rs.getDouble(10)).isEqualTo(7.5);
                assertThat(rs.getObject(11)).isNull();
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(2)).as("1 ns later, same microsecond: another row").isEqualTo(1);
                assertThat(rs.getLong(11)).as("the second type of 'mixed' has its own column").isEqualTo(8);
                assertThat(rs.getObject(7)).as("sparse: no value is NULL").isNull();
            }
            // the catalog names every column; the first type seen of a field has the field's name
            Map<String, String> columns = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT c.kind || ':' || c.influx_name, c.column_name FROM " + q
                    + ".wide_columns c JOIN " + q + ".wide_tables t ON t.id = c.table_id WHERE t.measurement = 'cpu' "
                    + "ORDER BY c.id")) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
            assertThat(columns).containsEntry("tag:dc", "dc").containsEntry("tag:host", "host")
                    .containsEntry("float:mixed", "mixed").containsEntry("integer:mixed", "mixed_integer")
                    .containsEntry("string:mixed", "mixed_string").containsEntry("unsigned:bytes", "bytes");
            try (ResultSet rs = s.executeQuery("SELECT data_type FROM information_schema.columns WHERE table_schema = "
                    + literal(schema) + " AND table_name = 'cpu_data' AND column_name = 'bytes'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("numeric");
            }
            // hostile names: the 300-character field and tag key got renamed, recorded in the catalog
            try (ResultSet rs = s.executeQuery("SELECT t.view_name, t.table_name, c.column_name FROM " + q
                    + ".wide_tables t JOIN " + q + ".wide_columns c ON c.table_id = t.id WHERE t.database LIKE "
                    + "'db %' AND c.influx_name = " + literal("n".repeat(300)) + " ORDER BY c.kind")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("meas,with=escapes \\ and 'quotes'");
                assertThat(rs.getString(2)).isEqualTo("meas,with=escapes \\ and 'quotes'_data");
                assertThat(rs.getString(3)).matches("n{54}_[0-9a-f]{8}");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(3)).as("tag of the same name: another hash").matches("n{54}_[0-9a-f]{8}");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM timescaledb_information.hypertables WHERE "
                    + "hypertable_schema = " + literal(schema))) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }

        String before = harness.wideChecksum(db, schema);
        harness.replayFromScratch("wide-exact");
        harness.awaitCaughtUp("wide-exact", topic, Duration.ofSeconds(90));
        assertThat(harness.wideChecksum(db, schema)).isEqualTo(before);
        CONNECT.rest().delete("wide-exact");
    }

    @Test
    void aFieldAndATagArrivingMidStreamAddColumnsAndSparseRowsNeverEraseValues() throws Exception {
        String db = TIMESCALE.createDatabase("wide_evolve");
        String topic = "wide-evolve";
        CONNECT.createTopic(topic, 1);
        SeriesKey d1 = new SeriesKey("lab", "autogen", "temperature", Map.of("device", "d1"));
        long[] times = {1_000, 2_000, 3_000};
        SeriesWindow first = new SeriesWindow(d1, 0, 10_000, times, List.of(
                FieldColumn.ofFloats("value", null, new double[] {20.5, 21.5, 22.5}),
                FieldColumn.ofIntegers("raw", new int[] {0, 2}, new long[] {205, 225})));
        harness.produce(topic, null, List.of(first));
        harness.deploy("wide-evolve", harness.sinkConfig("wide", topic, db, "influx"));
        harness.awaitCaughtUp("wide-evolve", topic, Duration.ofSeconds(90));
        String viewBefore = viewColumns(db, "influx", "temperature");
        assertThat(viewBefore).isEqualTo("series_id,time,time_ns,device,value,raw");

        // mid-stream: a new field, a new type of a field, a new tag key, and rows carrying only some fields at
        // times that already have others
        SeriesKey d1b = new SeriesKey("lab", "autogen", "temperature", Map.of("device", "d1", "room", "r 1"));
        SeriesWindow second = new SeriesWindow(d1, 0, 10_000, new long[] {2_000, 3_000, 4_000}, List.of(
                FieldColumn.ofStrings("status", null, new String[] {"ok", "", "warm"}),
                FieldColumn.ofStrings("raw", new int[] {2}, new String[] {"n/a"})));
        SeriesWindow third = new SeriesWindow(d1b, 0, 10_000, new long[] {1_000}, List.of(
                FieldColumn.ofFloats("value", null, new double[] {-1.0})));
        harness.produce(topic, null, List.of(second, third));
        harness.awaitCaughtUp("wide-evolve", topic, Duration.ofSeconds(90));

        List<SeriesWindow> all = List.of(first, second, third);
        assertThat(harness.widePoints(db, "influx")).containsExactlyElementsOf(Points.expected(all));
        // new columns are appended (CREATE OR REPLACE VIEW keeps the old ones in place)
        String viewAfter = viewColumns(db, "influx", "temperature");
        assertThat(viewAfter).startsWith(viewBefore + ",");
        assertThat(viewAfter.substring(viewBefore.length() + 1).split(","))
                .containsExactlyInAnyOrder("room", "status", "raw_string");
        try (Connection c = TIMESCALE.connect(db); Statement s = c.createStatement()) {
            s.execute("SET search_path TO influx");
            // the query an InfluxDB user would write
            ResultSet rs = s.executeQuery("SELECT time_ns, device, value, raw, status, raw_string FROM "
                    + "\"temperature\" WHERE device = 'd1' AND room IS NULL ORDER BY time");
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(2) + "|" + rs.getObject(3) + "|" + rs.getObject(4) + "|" + rs.getString(5)
                        + "|" + rs.getString(6));
            }
            assertThat(rows).containsExactly("d1|20.5|205|null|null", "d1|21.5|null|ok|null",
                    "d1|22.5|225||null", "d1|null|null|warm|n/a");
        }
        String before = harness.wideChecksum(db, "influx");
        harness.replayFromScratch("wide-evolve");
        harness.awaitCaughtUp("wide-evolve", topic, Duration.ofSeconds(90));
        assertThat(harness.wideChecksum(db, "influx")).isEqualTo(before);
        CONNECT.rest().delete("wide-evolve");
    }

    @Test
    void measurementsThatClashAfterTruncationOrCaseFoldingGetTheirOwnTablesAndViews() throws Exception {
        String db = TIMESCALE.createDatabase("wide_clash");
        String topic = "wide-clash";
        CONNECT.createTopic(topic, 1);
        String longA = "m".repeat(70) + "a";
        String longB = "m".repeat(70) + "b";
        List<SeriesWindow> windows = new ArrayList<>();
        int i = 0;
        for (String m : List.of("cpu", "CPU", "Cpu", longA, longB)) {
            windows.add(Points.floats(new SeriesKey("lab", "autogen", m, Map.of("h", "x")), "v", 1000, 1, 3, i++));
        }
        // the same measurement in another retention policy and another database: other tables
        windows.add(Points.floats(new SeriesKey("lab", "weekly", "cpu", Map.of()), "v", 1000, 1, 3, 10));
        windows.add(Points.floats(new SeriesKey("other", "autogen", "cpu", Map.of()), "v", 1000, 1, 3, 20));
        // a field and a tag with the same key, a field whose name is a fixed column's
        windows.add(new SeriesWindow(new SeriesKey("lab", "autogen", "odd", Map.of("k", "tag value")), 0, 10,
                new long[] {5}, List.of(FieldColumn.ofStrings("k", null, new String[] {"field value"}),
                FieldColumn.ofFloats("time_ns", null, new double[] {1.5}),
                FieldColumn.ofFloats("XMIN", null, new double[] {2.5}))));
        harness.produce(topic, null, windows);
        harness.deploy("wide-clash", harness.sinkConfig("wide", topic, db, "influx"));
        harness.awaitCaughtUp("wide-clash", topic, Duration.ofSeconds(90));

        assertThat(harness.widePoints(db, "influx")).containsExactlyElementsOf(Points.expected(windows));
        Map<String, String> views = new LinkedHashMap<>();
        try (Connection c = TIMESCALE.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT database || '.' || retention_policy || '.' || measurement, "
                     + "view_name, table_name FROM influx.wide_tables ORDER BY id")) {
            while (rs.next()) {
                views.put(rs.getString(1), rs.getString(2) + " / " + rs.getString(3));
            }
        }
        assertThat(views).hasSize(8);
        assertThat(views.get("lab.autogen.cpu")).isEqualTo("cpu / cpu_data");
        assertThat(views.get("lab.autogen.CPU")).matches("CPU_[0-9a-f]{8} / CPU_[0-9a-f]{8}_data");
        assertThat(views.get("lab.autogen.Cpu")).matches("Cpu_[0-9a-f]{8} / Cpu_[0-9a-f]{8}_data");
        assertThat(views.get("lab.autogen." + longA)).matches("m{54}_[0-9a-f]{8} / m{49}_[0-9a-f]{8}_data");
        assertThat(views.get("lab.autogen." + longB)).matches("m{54}_[0-9a-f]{8} / m{49}_[0-9a-f]{8}_data")
                .isNotEqualTo(views.get("lab.autogen." + longA));
        assertThat(views.get("lab.weekly.cpu")).matches("cpu_[0-9a-f]{8} / cpu_[0-9a-f]{8}_data");
        assertThat(views.get("other.autogen.cpu")).matches("cpu_[0-9a-f]{8} / cpu_[0-9a-f]{8}_data")
                .isNotEqualTo(views.get("lab.weekly.cpu"));
        assertThat(viewColumns(db, "influx", "odd")).isEqualTo("series_id,time,time_ns,k,k_string,time_ns_float,"
                + "XMIN_float");
        CONNECT.rest().delete("wide-clash");
    }

    @Test
    void schemaPerDatabasePutsEachDatabaseIntoItsOwnSchemaAndTheCatalogSaysWhere() throws Exception {
        String db = TIMESCALE.createDatabase("wide_tenants");
        String topic = "wide-tenants";
        CONNECT.createTopic(topic, 1);
        List<SeriesWindow> windows = new ArrayList<>();
        for (String database : List.of("tenant_a", "Tenant_A", "pg_tenant")) {
            windows.add(Points.floats(new SeriesKey(database, "autogen", "cpu", Map.of()), "v", 1000, 1, 2, 0));
        }
        harness.produce(topic, null, windows);
        Map<String, String> config = harness.sinkConfig("wide", topic, db, "catalog");
        config.put("wide.schema.mode", "per-database");
        harness.deploy("wide-tenants", config);
        harness.awaitCaughtUp("wide-tenants", topic, Duration.ofSeconds(90));

        assertThat(harness.widePoints(db, "catalog")).containsExactlyElementsOf(Points.expected(windows));
        Map<String, String> schemas = new LinkedHashMap<>();
        try (Connection c = TIMESCALE.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT database, table_schema || '.' || view_name FROM "
                     + "catalog.wide_tables ORDER BY id")) {
            while (rs.next()) {
                schemas.put(rs.getString(1), rs.getString(2));
            }
        }
        assertThat(schemas.get("tenant_a")).isEqualTo("tenant_a.cpu");
        assertThat(schemas.get("Tenant_A")).matches("Tenant_A_[0-9a-f]{8}\\.cpu");
        assertThat(schemas.get("pg_tenant")).isEqualTo("db_pg_tenant.cpu");
        CONNECT.rest().delete("wide-tenants");
    }

    @Test
    void twoTasksAddingTheSameColumnsAtOnceAddEachOnce() throws Exception {
        String db = TIMESCALE.createDatabase("wide_race");
        String topic = "wide-race";
        CONNECT.createTopic(topic, 2);
        List<SeriesWindow> windows = new ArrayList<>();
        for (int partition = 0; partition < 2; partition++) {
            List<SeriesWindow> part = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                SeriesKey s = new SeriesKey("lab", "autogen", "race", Map.of("id", partition + "-" + i,
                        "tag" + (i % 5), "x"));
                List<FieldColumn> fields = new ArrayList<>();
                // the same 20 new fields in both partitions, each task meets all of them at about the same time
                for (int f = 0; f < 20; f++) {
                    fields.add(FieldColumn.ofIntegers("f" + f, null, new long[] {i * 100L + f + partition}));
                }
                part.add(new SeriesWindow(s, 0, 1_000_000, new long[] {i * 1000L}, fields));
            }
            harness.produce(topic, partition, part);
            windows.addAll(part);
        }
        Map<String, String> config = harness.sinkConfig("wide", topic, db, "race");
        config.put("tasks.max", "2");
        harness.deploy("wide-race", config);
        harness.awaitCaughtUp("wide-race", topic, Duration.ofSeconds(120));

        assertThat(harness.count(db, "SELECT 1 FROM race.wide_tables")).isEqualTo(1);
        assertThat(harness.count(db, "SELECT 1 FROM race.wide_columns WHERE kind = 'integer'")).isEqualTo(20);
        assertThat(harness.count(db, "SELECT 1 FROM race.wide_columns WHERE kind = 'tag'")).isEqualTo(6);
        assertThat(harness.count(db, "SELECT 1 FROM race.wide_series")).isEqualTo(200);
        assertThat(harness.count(db, "SELECT 1 FROM race.race")).isEqualTo(200);
        assertThat(harness.widePoints(db, "race")).containsExactlyElementsOf(Points.expected(windows));
        CONNECT.rest().delete("wide-race");
    }

    /** The view's columns in order, comma-separated. */
    private static String viewColumns(String db, String schema, String view) throws Exception {
        try (Connection c = TIMESCALE.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM "
                     + "information_schema.columns WHERE table_schema = " + literal(schema) + " AND table_name = "
                     + literal(view))) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    @Test
    void aUserQueryHoldingTheViewMakesTheAlterGiveUpFastAndRetryUntilTheLockIsGone() throws Exception {
        String db = TIMESCALE.createDatabase("wide_locks");
        String topic = "wide-locks";
        CONNECT.createTopic(topic, 1);
        SeriesKey d1 = new SeriesKey("lab", "autogen", "locked", Map.of("device", "d1"));
        harness.produce(topic, null, List.of(new SeriesWindow(d1, 0, 10_000, new long[] {1_000},
                List.of(FieldColumn.ofFloats("a", null, new double[] {1.5})))));
        Map<String, String> config = harness.sinkConfig("wide", topic, db, "influx");
        config.put("connection.lock.timeout.ms", "1000");
        config.put("retry.backoff.ms", "200");
        config.put("retry.backoff.max.ms", "1000");
        config.put("max.retries", "1000");
        harness.deploy("wide-locks", config);
        harness.awaitCaughtUp("wide-locks", topic, Duration.ofSeconds(90));

        try (Connection user = TIMESCALE.connect(db); Statement q = user.createStatement();
             Connection watch = TIMESCALE.connect(db); Statement w = watch.createStatement()) {
            // a user's long transaction on the measurement's view: the sink's ALTER TABLE for a new field waits on it
            user.setAutoCommit(false);
            q.executeQuery("SELECT count(*) FROM influx.locked").close();
            harness.produce(topic, null, List.of(new SeriesWindow(d1, 0, 10_000, new long[] {2_000},
                    List.of(FieldColumn.ofFloats("b", null, new double[] {2.5})))));

            // the sink gives up after lock_timeout (55P03) and retries: several short waits, never one long one
            Set<String> waits = new HashSet<>();
            Fixtures.await("the sink to give up waiting for the lock and try again", Duration.ofSeconds(60), () -> {
                try (ResultSet rs = w.executeQuery("SELECT pid, query_start, extract(epoch FROM now() - query_start) "
                        + "FROM pg_stat_activity WHERE application_name = 'influx-timescale-sink' "
                        + "AND wait_event_type = 'Lock'")) {
                    while (rs.next()) {
                        assertThat(rs.getDouble(3)).as("seconds the sink has waited for the lock").isLessThan(5.0);
                        waits.add(rs.getInt(1) + "@" + rs.getString(2));
                    }
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                harness.assertNoFailedTask("wide-locks");
                return waits.size() >= 3;
            });
            user.rollback();
        }
        harness.awaitCaughtUp("wide-locks", topic, Duration.ofSeconds(60));
        assertThat(harness.count(db, "SELECT count(*) FROM influx.locked WHERE b = 2.5")).isEqualTo(1);
        harness.assertNoFailedTask("wide-locks");
        CONNECT.rest().delete("wide-locks");
    }

    @Test
    void withStandardConformingStringsOffOnTheServerTagKeysWithABackslashAndAQuoteStillNameTheirColumns()
            throws Exception {
        String db = TIMESCALE.createDatabase("wide_scs_off");
        try (Connection c = TIMESCALE.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE wide_scs_off SET standard_conforming_strings = off");
        }
        try (Connection c = TIMESCALE.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW standard_conforming_strings")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("a session's default in this database").isEqualTo("off");
        }
        String topic = "wide-scs-off";
        CONNECT.createTopic(topic, 1);
        String key = "back\\slash 'quote' \\'both";
        SeriesKey series = new SeriesKey("lab", "autogen", "escapes", Map.of(key, "v\\'1", "plain", "p"));
        harness.produce(topic, null, List.of(new SeriesWindow(series, 0, 10_000, new long[] {1_000},
                List.of(FieldColumn.ofStrings("note", null, new String[] {"it's a \\ test"})))));
        harness.deploy("wide-scs-off", harness.sinkConfig("wide", topic, db, "influx"));
        harness.awaitCaughtUp("wide-scs-off", topic, Duration.ofSeconds(90));

        String column;
        try (Connection c = TIMESCALE.connect(db);
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT column_name FROM influx.wide_columns "
                     + "WHERE kind = 'tag' AND influx_name = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the tag key is in the catalog exactly").isTrue();
                column = rs.getString(1);
            }
        }
        try (Connection c = TIMESCALE.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + quote(column) + ", plain, note FROM influx.escapes")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("the view reads the tag of exactly that key").isEqualTo("v\\'1");
            assertThat(rs.getString(2)).isEqualTo("p");
            assertThat(rs.getString(3)).isEqualTo("it's a \\ test");
        }
        CONNECT.rest().delete("wide-scs-off");
    }

    @Test
    void aPasswordFromAConfigProviderFileWorksAndTheRestApiNeverShowsIt() throws Exception {
        Path secrets = secretsDir.resolve("timescale.properties");
        Files.writeString(secrets, "password=" + TimescaleServer.PASSWORD + "\n");
        String db = TIMESCALE.createDatabase("wide_provider");
        String topic = "wide-provider";
        CONNECT.createTopic(topic, 1);
        SeriesKey series = new SeriesKey("lab", "autogen", "secret", Map.of("device", "d1"));
        harness.produce(topic, null, List.of(new SeriesWindow(series, 0, 10_000, new long[] {1_000},
                List.of(FieldColumn.ofFloats("value", null, new double[] {42.0})))));
        Map<String, String> config = harness.sinkConfig("wide", topic, db, "influx");
        String reference = "${file:" + secrets + ":password}";
        config.put("connection.password", reference);
        harness.deploy("wide-provider", config);
        harness.awaitCaughtUp("wide-provider", topic, Duration.ofSeconds(90));
        // the server takes only the right password (scram-sha-256): rows mean the worker resolved the reference
        assertThat(harness.count(db, "SELECT count(*) FROM influx.secret WHERE value = 42.0")).isEqualTo(1);

        JsonNode shown = CONNECT.rest().connectorConfig("wide-provider");
        assertThat(shown.path("connection.password").asText()).isEqualTo(reference);
        assertThat(shown.toString()).doesNotContain(TimescaleServer.PASSWORD);
        assertThat(CONNECT.rest().tasks("wide-provider").toString()).as("task configs keep the reference too")
                .contains(reference).doesNotContain(TimescaleServer.PASSWORD);
        CONNECT.rest().delete("wide-provider");
    }
}
