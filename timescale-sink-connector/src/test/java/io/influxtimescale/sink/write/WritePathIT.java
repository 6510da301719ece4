package io.influxtimescale.sink.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.fixtures.TimescaleServer;
import io.influxtimescale.sink.config.SessionSettings;
import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.sink.layout.Layouts;
import io.influxtimescale.sink.layout.narrow.NarrowSql;
import io.influxtimescale.sink.layout.wide.WideCatalog;
import io.influxtimescale.sink.layout.wide.WideSql;
import io.influxtimescale.sink.sql.Column;
import io.influxtimescale.sink.sql.PgType;
import io.influxtimescale.sink.sql.TableSpec;

/**
 * The write path's parts against a real TimescaleDB: the session every connection gets, the bound on staging tables,
 * and the exact nanoseconds readers rebuild at the ends of InfluxDB's time range.
 */
class WritePathIT {
    @RegisterExtension
    static final TimescaleServer TIMESCALE = TimescaleServer.create();

    /** InfluxDB's smallest and largest times, and the awkward ones around 1970. */
    private static final long[] EDGE_TIMES = {Long.MIN_VALUE + 2, -1_001, -1, 0, 1, 999, Long.MAX_VALUE - 1};

    private static Connection open(String database, SessionSettings session) throws SQLException {
        return Connections.open(TIMESCALE.jdbcUrl(database), TimescaleServer.USER,
                new Password(TimescaleServer.PASSWORD), session);
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void everySessionHasStandardConformingStringsOnAndTheConfiguredLimitsWhateverTheServerSays() throws Exception {
        String db = TIMESCALE.createDatabase("session_settings");
        try (Connection c = TIMESCALE.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE session_settings SET standard_conforming_strings = off");
        }
        try (Connection plain = TIMESCALE.connect(db)) {
            assertThat(show(plain, "standard_conforming_strings")).isEqualTo("off");
        }
        try (Connection c = open(db, new SessionSettings(5_000, 120_000, 1_500))) {
            assertThat(show(c, "standard_conforming_strings")).isEqualTo("on");
            assertThat(show(c, "statement_timeout")).isEqualTo("2min");
            assertThat(show(c, "lock_timeout")).isEqualTo("1500ms");
            // what Identifiers.literal assumes: a backslash is an ordinary character
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT " + io.influxtimescale.sink.sql.Identifiers.literal("a\\b'c"))) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("a\\b'c");
            }
        }
    }

    @Test
    void stagingTablesAreOnePerTargetTableAndBounded() throws Exception {
        String db = TIMESCALE.createDatabase("staging_bound");
        try (Connection c = open(db, SessionSettings.INTERACTIVE)) {
            ConnectionTransactions tx = new ConnectionTransactions(c);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE grows (k bigint PRIMARY KEY"
                        + ", c1 float8, c2 float8, c3 float8, c4 float8, c5 float8, c6 float8, c7 float8, c8 float8)");
                for (int t = 0; t < 6; t++) {
                    s.execute("CREATE TABLE other_" + t + " (k bigint PRIMARY KEY, v float8)");
                }
            }
            StagedCopyWriter writer = new StagedCopyWriter(true, 4, 0);
            // a table gaining a column per flush, as a wide table does: every version is written once
            for (int version = 1; version <= 8; version++) {
                List<Column> columns = new ArrayList<>(List.of(Column.of("k", PgType.INT8)));
                Object[] row = new Object[version + 1];
                row[0] = (long) version;
                for (int i = 1; i <= version; i++) {
                    columns.add(Column.of("c" + i, PgType.FLOAT8));
                    row[i] = (double) i;
                }
                TableSpec spec = new TableSpec("public", "grows", columns, List.of("k"), true);
                tx.inTransaction(conn -> {
                    writer.write(conn, spec, List.<Object[]>of(row));
                    return null;
                });
                assertThat(stagingTables(c)).as("staging tables after version " + version).isEqualTo(1);
            }
            for (int t = 0; t < 6; t++) {
                TableSpec spec = new TableSpec("public", "other_" + t, List.of(Column.of("k", PgType.INT8),
                        Column.of("v", PgType.FLOAT8)), List.of("k"));
                tx.inTransaction(conn -> {
                    writer.write(conn, spec, List.<Object[]>of(new Object[] {1L, 1.0}));
                    return null;
                });
                assertThat(stagingTables(c)).isLessThanOrEqualTo(4);
            }
            assertThat(writer.stagedCount()).isEqualTo(4);
            assertThat(stagingTables(c)).isEqualTo(4);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM grows")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(8);
            }
        }
    }

    private static long stagingTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class "
                + "WHERE relnamespace = pg_my_temp_schema() AND relkind = 'r' AND relname LIKE 'itc_stage_%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void readersRebuildTheExactNanosecondsOverInfluxDbsWholeTimeRangeInBothLayouts() throws Exception {
        String db = TIMESCALE.createDatabase("edge_times");
        SeriesKey series = new SeriesKey("lab", "autogen", "edges", Map.of("device", "d1"));
        double[] values = new double[EDGE_TIMES.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        SeriesWindow window = new SeriesWindow(series, Long.MIN_VALUE + 2, Long.MAX_VALUE, EDGE_TIMES,
                List.of(FieldColumn.ofFloats("value", null, values)));
        for (String layoutName : List.of("narrow", "wide")) {
            write(writerConfig(db, layoutName, layoutName, Map.of()), List.of(window));
            List<Long> ns = new ArrayList<>();
            try (Connection c = open(db, SessionSettings.INTERACTIVE);
                 PreparedStatement ps = fieldValues(c, layoutName, layoutName, "edges", "ns", "ORDER BY ns");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ns.add(rs.getLong(1));
                }
            }
            assertThat(ns).as(layoutName).containsExactly(java.util.Arrays.stream(EDGE_TIMES).boxed()
                    .toArray(Long[]::new));
        }
    }

    /**
     * A flush where one series has overlapping windows (a re-read next to the first copy) and another has windows
     * that follow each other: every key lands once, the later write wins (a sparse wide row keeps the field the
     * later window lacks), and buffers split at batch.max.rows; with both write methods and both layouts.
     */
    @Test
    void aFlushWithRepeatedKeysWritesEachKeyOnceLastWriteWinsAcrossTransactionSplits() throws Exception {
        String db = TIMESCALE.createDatabase("repeated_keys");
        SeriesKey a = new SeriesKey("lab", "autogen", "rk", Map.of("device", "a"));
        SeriesKey b = new SeriesKey("lab", "autogen", "rk", Map.of("device", "b"));
        List<SeriesWindow> windows = List.of(
                floats(a, 0, 10, 1.0, true),     // a: 0..9, value 1 and a second field g
                floats(b, 0, 10, 10.0, false),   // b: 0..9
                floats(a, 5, 10, 2.0, false),    // a: 5..14 overlaps: value 2 wins at 5..9, g stays at 5..9
                floats(b, 10, 10, 11.0, false)); // b: 10..19 follows, no key repeated
        for (String method : List.of(TimescaleSinkConfig.METHOD_STAGED_COPY, TimescaleSinkConfig.METHOD_UNNEST)) {
            for (String layoutName : List.of("wide", "narrow")) {
                String schema = layoutName + "_" + method.replace("-", "_");
                long written = write(writerConfig(db, layoutName, schema,
                        Map.of("write.method", method, "batch.max.rows", "4")), windows);
                Map<String, Double> f = new java.util.TreeMap<>();
                Map<String, Double> g = new java.util.TreeMap<>();
                try (Connection c = open(db, SessionSettings.INTERACTIVE);
                     PreparedStatement ps = fieldValues(c, layoutName, schema, "rk",
                             "tags->>'device', field, ns, value_double", "");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Double> target = rs.getString(2).equals("f") ? f : g;
                        String key = rs.getString(1) + String.format("%03d", rs.getLong(3));
                        assertThat(target.put(key, rs.getDouble(4))).as(schema + " " + key).isNull();
                    }
                }
                Map<String, Double> expectedF = new java.util.TreeMap<>();
                Map<String, Double> expectedG = new java.util.TreeMap<>();
                for (int t = 0; t < 15; t++) {
                    expectedF.put(String.format("a%03d", t), t < 5 ? 1.0 : 2.0);
                }
                for (int t = 0; t < 10; t++) {
                    expectedG.put(String.format("a%03d", t), -1.0);
                }
                for (int t = 0; t < 20; t++) {
                    expectedF.put(String.format("b%03d", t), t < 10 ? 10.0 : 11.0);
                }
                assertThat(f).as(schema).isEqualTo(expectedF);
                assertThat(g).as(schema).isEqualTo(expectedG);
                assertThat(written).as(schema + ": distinct rows").isEqualTo(
                        layoutName.equals("wide") ? 15 + 20 : 15 + 10 + 20);
            }
        }
    }

    /**
     * New rows go by binary COPY straight into the target; a buffer with a key already there falls back to the upsert
     * (same bytes, same result: later values win, sparse rows keep their other fields) and that table skips the direct
     * copy for its next writes; every type and the exact nanoseconds survive either way; both layouts.
     */
    @Test
    void newRowsAreCopiedStraightInAndABufferMeetingPresentKeysIsUpsertedInstead() throws Exception {
        String db = TIMESCALE.createDatabase("direct_copy");
        SeriesKey series = new SeriesKey("lab", "autogen", "dc", Map.of("device", "a"));
        for (String layoutName : List.of("narrow", "wide")) {
            TimescaleSinkConfig config = writerConfig(db, layoutName, layoutName + "_dc", Map.of());
            StagedCopyWriter tableWriter = new StagedCopyWriter(true, StagedCopyWriter.MAX_STAGED, 1);
            try (TimescaleWriter writer = new TimescaleWriter(config, Layouts.create(config), tableWriter)) {
                writer.write(List.of(allTypes(series, 0, 100, 1)));
                assertThat(tableWriter.directCounts()).as(layoutName + ": copied").containsExactly(1, 0);
                writer.write(List.of(allTypes(series, 50, 100, 2))); // 50..99 are there
                assertThat(tableWriter.directCounts()).as(layoutName + ": conflict").containsExactly(1, 1);
                writer.write(List.of(allTypes(series, 200, 10, 3)));
                assertThat(tableWriter.directCounts()).as(layoutName + ": backing off").containsExactly(1, 1);
                for (int i = 1; i < StagedCopyWriter.CONFLICT_BACKOFF_WRITES; i++) {
                    writer.write(List.of(allTypes(series, 1_000 + i, 1, 4)));
                }
                writer.write(List.of(allTypes(series, 300, 10, 5)));
                assertThat(tableWriter.directCounts()).as(layoutName + ": tries again").containsExactly(2, 1);
            }
            Map<String, String> actual = new java.util.TreeMap<>();
            try (Connection c = open(db, SessionSettings.INTERACTIVE);
                 PreparedStatement ps = fieldValues(c, layoutName, layoutName + "_dc", "dc",
                         "field, ns, concat_ws('|', value_double, value_bigint, value_numeric, value_text, "
                                 + "value_bool)", "");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    actual.put(rs.getString(1) + "@" + rs.getLong(2), rs.getString(3));
                }
            }
            Map<String, String> expected = new java.util.TreeMap<>();
            expectAllTypes(expected, 0, 50, 1);
            expectAllTypes(expected, 50, 100, 2);
            expectAllTypes(expected, 200, 10, 3);
            for (int i = 1; i < StagedCopyWriter.CONFLICT_BACKOFF_WRITES; i++) {
                expectAllTypes(expected, 1_000 + i, 1, 4);
            }
            expectAllTypes(expected, 300, 10, 5);
            assertThat(actual).as(layoutName).isEqualTo(expected);
        }
    }

    /**
     * Two sessions copying the same new keys: the second waits for the first's transaction, then meets its rows and
     * upserts instead; the later commit wins, nothing fails. Also the shepard table, whose series id is an integer
     * column that the binary COPY must match.
     */
    @Test
    void aDirectCopyThatWaitedForAnotherSessionsSameKeysUpsertsOverThem() throws Exception {
        String db = TIMESCALE.createDatabase("direct_copy_race");
        TableSpec points = io.influxtimescale.sink.layout.shepard.ShepardSql.pointsSpec("shepard");
        createShepardTables(db);
        List<Object[]> first = new ArrayList<>();
        List<Object[]> second = new ArrayList<>();
        for (long t = 0; t < 2_000; t++) {
            first.add(new Object[] {7L, t, 1.0, null, null, null});
            second.add(new Object[] {7L, t, 2.0, null, null, null});
        }
        try (Connection a = open(db, SessionSettings.INTERACTIVE);
             Connection b = open(db, SessionSettings.INTERACTIVE)) {
            StagedCopyWriter writerA = new StagedCopyWriter(true, StagedCopyWriter.MAX_STAGED, 1);
            StagedCopyWriter writerB = new StagedCopyWriter(true, StagedCopyWriter.MAX_STAGED, 1);
            a.setAutoCommit(false);
            writerA.transactionStarted();
            writerA.write(a, points, first);
            assertThat(writerA.directCounts()).containsExactly(1, 0);
            java.util.concurrent.CompletableFuture<Void> other = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    new ConnectionTransactions(b).inTransaction(conn -> {
                        writerB.transactionStarted();
                        writerB.write(conn, points, second);
                        return null;
                    });
                } catch (SQLException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            try (Connection watch = open(db, SessionSettings.INTERACTIVE);
                 PreparedStatement waiting = watch.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                         + "WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (!other.isDone()) {
                    try (ResultSet rs = waiting.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            break;
                        }
                    }
                    assertThat(System.nanoTime()).as("the second session waits for the first").isLessThan(deadline);
                    Thread.sleep(20);
                }
            }
            assertThat(other).as("the second session waits until the first commits").isNotDone();
            a.commit();
            other.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(writerB.directCounts()).containsExactly(0, 1);
            try (Statement s = a.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), "
                    + "count(*) FILTER (WHERE double_value = 2.0), min(\"time\"), max(\"time\") "
                    + "FROM shepard.timeseries_data_points WHERE timeseries_id = 7")) {
                rs.next();
                assertThat(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
                        .containsExactly(2_000, 2_000, 0, 1_999);
            }
        }
    }

    /**
     * A direct copy that created a chunk before it met a present key: the rollback to the savepoint takes the chunk
     * with it, the upsert creates it again, and later copies into that chunk (in the same session) find it.
     */
    @Test
    void aChunkCreatedByARolledBackDirectCopyIsCreatedAgainByTheUpsert() throws Exception {
        String db = TIMESCALE.createDatabase("direct_copy_chunk");
        TableSpec points = io.influxtimescale.sink.layout.shepard.ShepardSql.pointsSpec("shepard");
        long day = io.influxtimescale.sink.layout.shepard.ShepardSql.CHUNK_NS;
        createShepardTables(db);
        try (Connection c = open(db, SessionSettings.INTERACTIVE)) {
            ConnectionTransactions tx = new ConnectionTransactions(c);
            StagedCopyWriter writer = new StagedCopyWriter(true, StagedCopyWriter.MAX_STAGED, 1);
            tx.inTransaction(conn -> {
                writer.transactionStarted();
                writer.write(conn, points, List.<Object[]>of(new Object[] {1L, 0L, 1.0, null, null, null}));
                return null;
            });
            // day 5 is new (its chunk is created first), then time 0 is there
            List<Object[]> mixed = new ArrayList<>();
            for (long t = 0; t < 100; t++) {
                mixed.add(new Object[] {1L, 5 * day + t, 2.0, null, null, null});
            }
            mixed.add(new Object[] {1L, 0L, 2.0, null, null, null});
            tx.inTransaction(conn -> {
                writer.transactionStarted();
                writer.write(conn, points, mixed);
                return null;
            });
            assertThat(writer.directCounts()).containsExactly(1, 1);
            StagedCopyWriter fresh = new StagedCopyWriter(true, StagedCopyWriter.MAX_STAGED, 1);
            tx.inTransaction(conn -> {
                fresh.transactionStarted();
                fresh.write(conn, points, List.<Object[]>of(new Object[] {1L, 5 * day + 500, 3.0, null, null, null}));
                return null;
            });
            assertThat(fresh.directCounts()).containsExactly(1, 0);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*), "
                    + "count(*) FILTER (WHERE double_value = 2.0), count(*) FILTER (WHERE double_value = 3.0), "
                    + "(SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_schema = 'shepard') "
                    + "FROM shepard.timeseries_data_points")) {
                rs.next();
                assertThat(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
                        .as("rows, rows of the upsert, rows of the last copy, chunks").containsExactly(102, 101, 1, 2);
            }
        }
    }

    /** The shepard layout's tables in schema "shepard" of the database (its bootstrap DDL). */
    private static void createShepardTables(String db) throws SQLException {
        try (Connection c = open(db, SessionSettings.INTERACTIVE); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
            for (String ddl : io.influxtimescale.sink.layout.shepard.ShepardSql.ddl("shepard")) {
                s.execute(ddl);
            }
        }
    }

    /** 0, 10^4 (a whole numeric digit), 2^63 - 1, 2^63 and 2^64 - 1 as their int64 bits. */
    private static final long[] UNSIGNED_EDGES = {0L, 10_000L, Long.MAX_VALUE, Long.MIN_VALUE, -1L};

    /** n points of a series at times start.., a field of every type, each value derived from the time and v. */
    private static SeriesWindow allTypes(SeriesKey series, long start, int n, int v) {
        long[] times = new long[n];
        double[] f = new double[n];
        long[] i = new long[n];
        long[] u = new long[n];
        String[] s = new String[n];
        boolean[] b = new boolean[n];
        for (int k = 0; k < n; k++) {
            long t = start + k;
            times[k] = t * 1_000_000_007L; // sub-microsecond nanoseconds
            f[k] = t + v / 8.0;
            i[k] = -t * v;
            u[k] = t < UNSIGNED_EDGES.length ? UNSIGNED_EDGES[(int) t] : t * v;
            s[k] = "s" + t + "'\"" + v;
            b[k] = (t + v) % 2 == 0;
        }
        return new SeriesWindow(series, times[0], times[n - 1] + 1, times, List.of(FieldColumn.ofFloats("f", null, f),
                FieldColumn.ofIntegers("i", null, i), FieldColumn.ofUnsigned("u", null, u),
                FieldColumn.ofStrings("s", null, s), FieldColumn.ofBooleans("b", null, b)));
    }

    /** What {@link #allTypes} stores, as field@ns -> the values joined as PostgreSQL prints them. */
    private static void expectAllTypes(Map<String, String> expected, long start, int n, int v) {
        for (long t = start; t < start + n; t++) {
            long ns = t * 1_000_000_007L;
            long u = t < UNSIGNED_EDGES.length ? UNSIGNED_EDGES[(int) t] : t * v;
            expected.put("f@" + ns, String.valueOf(t + v / 8.0).replaceAll("\\.0$", ""));
            expected.put("i@" + ns, String.valueOf(-t * v));
            expected.put("u@" + ns, Long.toUnsignedString(u));
            expected.put("s@" + ns, "s" + t + "'\"" + v);
            expected.put("b@" + ns, (t + v) % 2 == 0 ? "t" : "f");
        }
    }

    /** The sink's settings for a layout in a schema of the test database, plus {@code more}. */
    private static TimescaleSinkConfig writerConfig(String db, String layout, String schema, Map<String, String> more) {
        Map<String, String> props = new HashMap<>(more);
        props.put("connection.url", TIMESCALE.jdbcUrl(db));
        props.put("connection.user", TimescaleServer.USER);
        props.put("connection.password", TimescaleServer.PASSWORD);
        props.put("layout", layout);
        props.put("target.schema", schema);
        return new TimescaleSinkConfig(props);
    }

    /** Writes the windows through a writer of its own, as one flush; returns the distinct rows written. */
    private static long write(TimescaleSinkConfig config, List<SeriesWindow> windows) throws SQLException {
        try (TimescaleWriter writer = new TimescaleWriter(config, Layouts.create(config),
                TimescaleWriter.tableWriter(config))) {
            return writer.write(windows);
        }
    }

    /**
     * {@code SELECT <columns> ... <tail>} over every field value of lab.autogen.{@code measurement} in a schema, by the
     * layout's own reader SQL (tags, field, value_type, ns, value_double, ...), parameters bound.
     */
    private static PreparedStatement fieldValues(Connection c, String layout, String schema, String measurement,
                                                 String columns, String tail) throws SQLException {
        boolean narrow = layout.equals("narrow");
        String rows = narrow ? NarrowSql.fieldValueRows(schema)
                : WideSql.fieldValueRows(schema, WideCatalog.reader(schema).read(c, "lab", "autogen", measurement));
        PreparedStatement ps = c.prepareStatement("SELECT " + columns + " FROM (" + rows + ") r " + tail);
        if (narrow) {
            ps.setString(1, "lab");
            ps.setString(2, "autogen");
            ps.setString(3, measurement);
        }
        return ps;
    }

    /** n points of a series at times start.., field f = value; with g, a second field g = -1 at every time. */
    private static SeriesWindow floats(SeriesKey series, long start, int n, double value, boolean withG) {
        long[] times = new long[n];
        double[] f = new double[n];
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            times[i] = start + i;
            f[i] = value;
            g[i] = -1.0;
        }
        List<FieldColumn> fields = withG
                ? List.of(FieldColumn.ofFloats("f", null, f), FieldColumn.ofFloats("g", null, g))
                : List.of(FieldColumn.ofFloats("f", null, f));
        return new SeriesWindow(series, 0, 1000, times, fields);
    }
}
