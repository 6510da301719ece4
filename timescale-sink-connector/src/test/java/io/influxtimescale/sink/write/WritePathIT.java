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
            StagedCopyWriter writer = new StagedCopyWriter(true, 4);
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
