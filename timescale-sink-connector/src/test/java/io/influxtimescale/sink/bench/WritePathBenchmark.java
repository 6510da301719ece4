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
import io.influxtimescale.sink.layout.narrow.NarrowLayout;
import io.influxtimescale.sink.sql.TableSpec;
import io.influxtimescale.sink.write.Connections;
import io.influxtimescale.sink.write.RowBatch;
import io.influxtimescale.sink.write.StagedCopyWriter;
import io.influxtimescale.sink.write.TableWriter;
import io.influxtimescale.sink.write.UnnestWriter;

/**
 * Measures the idempotent write paths into the narrow points hypertable against a real server and prints rows/s
 * for new rows and for a replay where every row conflicts. No assertions: numbers for docs/sink-connector.md.
 *
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) io.influxtimescale.sink.bench.WritePathBenchmark \
 *     jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres [rows] [batch]
 * </pre>
 */
public final class WritePathBenchmark {
    private WritePathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String schema = "bench_sink";

        List<Object[]> rows;
        TableSpec points;
        try (Connection c = Connections.open(url, "", null)) {
            reset(c, schema);
            NarrowLayout layout = new NarrowLayout(schema, 7L * 24 * 3600 * 1000, 100_000);
            bootstrap(c, layout);
            List<SeriesWindow> windows = windows(total);
            layout.prepare(c, windows);
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

    private static void run(String url, TableSpec points, List<Object[]> rows, int batch, String name,
                            TableWriter writer) throws SQLException {
        try (Connection c = Connections.open(url, "", null)) {
            int pid;
            try (Statement st = c.createStatement()) {
                st.execute("TRUNCATE " + points.qualifiedName());
                st.execute("CHECKPOINT");
                try (java.sql.ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    pid = rs.getInt(1);
                }
            }
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

    private static void bootstrap(Connection c, NarrowLayout layout) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
            for (String ddl : layout.bootstrapStatements()) {
                st.execute(ddl);
            }
        }
    }

    /** 1000 series, points 10 s apart (about 12 days for 100k points each), float values. */
    private static List<SeriesWindow> windows(int total) {
        int perSeries = Math.max(1, total / 1000);
        List<SeriesWindow> out = new ArrayList<>();
        long t0 = 1_700_000_000_000_000_000L;
        for (int s = 0; s < 1000; s++) {
            SeriesKey key = new SeriesKey("bench", "autogen", "cpu", Map.of("host", "h" + s));
            long[] times = new long[perSeries];
            double[] values = new double[perSeries];
            for (int i = 0; i < perSeries; i++) {
                times[i] = t0 + i * 10_000_000_000L + s;
                values[i] = s * 1.5 + i;
            }
            out.add(new SeriesWindow(key, times[0], times[perSeries - 1] + 1, times,
                    List.of(FieldColumn.ofFloats("usage", null, values))));
        }
        return out;
    }
}
