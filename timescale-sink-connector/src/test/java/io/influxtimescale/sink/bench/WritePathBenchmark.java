package io.influxtimescale.sink.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.sink.layout.Layout;
import io.influxtimescale.sink.layout.narrow.NarrowLayout;
import io.influxtimescale.sink.layout.wide.WideLayout;
import io.influxtimescale.sink.sql.Identifiers;
import io.influxtimescale.sink.sql.TableSpec;
import io.influxtimescale.sink.config.SessionSettings;
import io.influxtimescale.sink.write.Connections;
import io.influxtimescale.sink.write.RowBatch;
import io.influxtimescale.sink.write.StagedCopyWriter;
import io.influxtimescale.sink.write.TableWriter;
import io.influxtimescale.sink.write.UnnestWriter;

/**
 * Measures the idempotent write paths against a real server and prints numbers for docs/sink-connector.md; no
 * assertions.
 *
 * <p>Mode {@code layouts} (default): the same points (1000 series, 4 fields a point: two floats, an integer, a string)
 * written through the wide and the narrow layout with the default write path (staged COPY, guard), new and then as an
 * all-conflict replay: rows/s, field values/s, server CPU per field value, and bytes per field value on disk
 * ({@code hypertable_size}: every chunk with its indexes and TOAST). Mode {@code methods}: the narrow layout through
 * each write path (staged COPY with and without guard, unnest), float values.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) io.influxtimescale.sink.bench.WritePathBenchmark \
 *     jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres [points] [batch] [rounds] [layouts|methods]
 * </pre>
 */
public final class WritePathBenchmark {
    private static final int SERIES = 1000;

    private WritePathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String mode = args.length > 4 ? args[4] : "layouts";
        if (mode.equals("methods")) {
            methods(url, total, batch, rounds);
        } else {
            layouts(url, total, batch, rounds);
        }
    }

    private static void layouts(String url, int total, int batch, int rounds) throws SQLException {
        List<SeriesWindow> windows = windows(total, true);
        long fieldValues = 0;
        for (SeriesWindow w : windows) {
            fieldValues += w.fieldValueCount();
        }
        Map<String, TableSpec> tables = new java.util.LinkedHashMap<>();
        Map<String, List<Object[]>> rows = new java.util.LinkedHashMap<>();
        try (Connection c = Connections.open(url, "", null, SessionSettings.INTERACTIVE)) {
            reset(c, "bench_narrow");
            reset(c, "bench_wide");
            NarrowLayout narrow = new NarrowLayout("bench_narrow", 7L * 24 * 3600 * 1000, 100_000);
            WideLayout wide = new WideLayout("bench_wide", false, 7L * 24 * 3600 * 1000, 100_000);
            for (Layout layout : List.<Layout>of(wide, narrow)) {
                bootstrap(c, layout);
                layout.prepare(new io.influxtimescale.sink.write.ConnectionTransactions(c), windows);
                RowBatch rb = new RowBatch();
                for (SeriesWindow w : windows) {
                    layout.addRows(w, rb);
                }
                TableSpec spec = rb.tables().iterator().next();
                tables.put(layout.name(), spec);
                rows.put(layout.name(), rb.rows(spec));
            }
        }
        System.out.printf("same data through both layouts: %d points (%d series x %d), 4 fields a point (float, "
                + "float, integer, string): %,d field values; staged COPY + upsert with guard, %d rows per "
                + "transaction, %d rounds%n", total / SERIES * SERIES, SERIES, total / SERIES, fieldValues, batch,
                rounds);
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, TableSpec> e : tables.entrySet()) {
                List<Object[]> r = rows.get(e.getKey());
                try (Connection c = Connections.open(url, "", null, SessionSettings.INTERACTIVE)) {
                    int pid = truncate(c, e.getValue());
                    TableWriter writer = new StagedCopyWriter(true);
                    double[] fresh = pass(c, pid, e.getValue(), r, batch, writer);
                    long bytes = hypertableBytes(c, e.getValue());
                    double[] replay = pass(c, pid, e.getValue(), r, batch, writer);
                    double perRow = (double) fieldValues / r.size();
                    System.out.printf("round %d %-6s %,9d rows: new %,9.0f rows/s %,10.0f values/s %5.2f us/value  "
                            + "replay %,9.0f rows/s %,10.0f values/s %5.2f us/value  disk %,d bytes = %5.1f "
                            + "bytes/value%n", round, e.getKey(), r.size(), fresh[0], fresh[0] * perRow,
                            fresh[1] / perRow, replay[0], replay[0] * perRow, replay[1] / perRow, bytes,
                            (double) bytes / fieldValues);
                }
            }
        }
    }

    private static long hypertableBytes(Connection c, TableSpec table) throws SQLException {
        try (Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT hypertable_size(" + Identifiers.literal(
                     table.qualifiedName()) + "::regclass)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void methods(String url, int total, int batch, int rounds) throws SQLException {
        String schema = "bench_sink";
        List<Object[]> rows;
        TableSpec points;
        try (Connection c = Connections.open(url, "", null, SessionSettings.INTERACTIVE)) {
            reset(c, schema);
            NarrowLayout layout = new NarrowLayout(schema, 7L * 24 * 3600 * 1000, 100_000);
            bootstrap(c, layout);
            List<SeriesWindow> windows = windows(total, false);
            layout.prepare(new io.influxtimescale.sink.write.ConnectionTransactions(c), windows);
            RowBatch rb = new RowBatch();
            for (SeriesWindow w : windows) {
                layout.addRows(w, rb);
            }
            points = layout.pointsTable();
            rows = rb.rows(points);
        }
        System.out.printf("narrow points, %d rows (1000 series x %d points, float values), %d rows per "
                + "transaction, %d rounds; wall rows/s and server CPU per row (the backend's utime+stime from "
                + "/proc, robust to other load on the machine)%n", rows.size(), rows.size() / 1000, batch, rounds);
        String[] names = {"staged-copy, guard", "staged-copy, no guard", "unnest 10000/stmt, guard",
            "unnest 1000/stmt, guard"};
        for (int round = 1; round <= rounds; round++) {
            TableWriter[] writers = {new StagedCopyWriter(true), new StagedCopyWriter(false),
                new UnnestWriter(true, 10_000), new UnnestWriter(true, 1_000)};
            for (int i = 0; i < writers.length; i++) {
                run(url, points, rows, batch, "round " + round + ": " + names[i], writers[i]);
            }
        }
    }

    /** Empties the table and checkpoints; returns the backend pid of the connection. */
    private static int truncate(Connection c, TableSpec table) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("TRUNCATE " + table.qualifiedName());
            st.execute("CHECKPOINT");
            try (java.sql.ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void run(String url, TableSpec points, List<Object[]> rows, int batch, String name,
                            TableWriter writer) throws SQLException {
        try (Connection c = Connections.open(url, "", null, SessionSettings.INTERACTIVE)) {
            int pid = truncate(c, points);
            double[] fresh = pass(c, pid, points, rows, batch, writer);
            double[] replay = pass(c, pid, points, rows, batch, writer);
            System.out.printf("%-36s new %,9.0f rows/s %5.1f us/row   all-conflict replay %,9.0f rows/s %5.1f "
                    + "us/row%n", name, fresh[0], fresh[1], replay[0], replay[1]);
        }
    }

    /** Returns rows/s (wall) and server CPU microseconds per row. */
    private static double[] pass(Connection c, int pid, TableSpec points, List<Object[]> rows, int batch,
                                 TableWriter writer) throws SQLException {
        c.setAutoCommit(false);
        long cpuBefore = backendCpuTicks(pid);
        long start = System.nanoTime();
        for (int from = 0; from < rows.size(); from += batch) {
            writer.write(c, points, rows.subList(from, Math.min(rows.size(), from + batch)));
            c.commit();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpuTicks = backendCpuTicks(pid) - cpuBefore;
        c.setAutoCommit(true);
        // USER_HZ is 100 on Linux
        return new double[] {rows.size() / seconds, cpuTicks * 10_000.0 / rows.size()};
    }

    /** utime + stime of a local backend process, in clock ticks; -1 when /proc cannot tell (remote server). */
    private static long backendCpuTicks(int pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Integer.toString(pid),
                    "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void reset(Connection c, String schema) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void bootstrap(Connection c, Layout layout) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
            for (String ddl : layout.bootstrapStatements()) {
                st.execute(ddl);
            }
        }
    }

    /**
     * 1000 series, points 10 s apart (about 12 days for 100k points each); float values, or four fields a point
     * (two floats, an integer, a short string) when {@code fourFields}.
     */
    private static List<SeriesWindow> windows(int total, boolean fourFields) {
        int perSeries = Math.max(1, total / SERIES);
        List<SeriesWindow> out = new ArrayList<>();
        long t0 = 1_700_000_000_000_000_000L;
        for (int s = 0; s < SERIES; s++) {
            SeriesKey key = new SeriesKey("bench", "autogen", "cpu", Map.of("host", "h" + s));
            long[] times = new long[perSeries];
            double[] values = new double[perSeries];
            double[] idle = new double[perSeries];
            long[] count = new long[perSeries];
            String[] state = new String[perSeries];
            for (int i = 0; i < perSeries; i++) {
                times[i] = t0 + i * 10_000_000_000L + s;
                values[i] = s * 1.5 + i;
                idle[i] = 100 - values[i];
                count[i] = (long) s * perSeries + i;
                state[i] = i % 10 == 0 ? "warn" : "ok";
            }
            List<FieldColumn> fields = fourFields
                    ? List.of(FieldColumn.ofFloats("usage", null, values), FieldColumn.ofFloats("idle", null, idle),
                            FieldColumn.ofIntegers("count", null, count), FieldColumn.ofStrings("state", null, state))
                    : List.of(FieldColumn.ofFloats("usage", null, values));
            out.add(new SeriesWindow(key, times[0], times[perSeries - 1] + 1, times, fields));
        }
        return out;
    }
}
