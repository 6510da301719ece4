package io.influxtimescale.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.sink.layout.Layout;
import io.influxtimescale.sink.layout.Layouts;
import io.influxtimescale.sink.sql.Column;
import io.influxtimescale.sink.sql.Identifiers;
import io.influxtimescale.sink.sql.TableSpec;
import io.influxtimescale.sink.write.BinaryCopyEncoder;
import io.influxtimescale.sink.write.StagedCopyWriter;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Raw limit (b): the data set's rows, as the sink's own layout makes them, written straight into TimescaleDB without
 * Kafka or Connect, on {@code streams} connections (the series split between them, as between sink tasks), committing
 * every {@link #ROWS_PER_TRANSACTION} rows:
 * <ul>
 *   <li>plain binary {@code COPY} into the empty hypertable(s): the fastest way in, not idempotent (the sink takes
 *       it for buffers of new rows, and falls back to the upsert when a key is there);</li>
 *   <li>the sink's own staged upsert alone ({@link StagedCopyWriter} without its direct copy: binary COPY into a
 *       temporary table, then {@code INSERT ... SELECT ... ON CONFLICT DO UPDATE ... WHERE ... IS DISTINCT FROM})
 *       into emptied tables ("new") and then the same rows again ("re-applied", every row conflicts);</li>
 *   <li>the same rows once more through the writer as the sink has it (a direct copy tried first, see
 *       {@link StagedCopyWriter}): what a replay over present data costs the sink.</li>
 * </ul>
 * Each stream prepares its catalog (series ids, per-measurement tables) inside the timed pass, as a sink task does; it
 * is small (1,000 series) and exists after the first pass.
 */
final class RawCopy {
    static final int ROWS_PER_TRANSACTION = 100_000;

    record Pass(double seconds, Measurement.Cpu cpu) {
    }

    record Result(long rows, Pass copy, Pass stagedNew, Pass stagedReapplied, Pass sinkReapplied) {
    }

    private final Map<String, String> sinkConfig;
    private final DataSet data;
    private final int streams;
    private final Supplier<Measurement.Cpu> cpu;

    /**
     * {@code sinkConfig}: the sink connector's settings (connection, target.schema, layout, ...); {@code cpu}: the
     * servers' CPU time so far, read before and after each pass.
     */
    RawCopy(Map<String, String> sinkConfig, DataSet data, int streams, Supplier<Measurement.Cpu> cpu) {
        this.sinkConfig = sinkConfig;
        this.data = data;
        this.streams = streams;
        this.cpu = cpu;
    }

    Result run() throws Exception {
        TimescaleSinkConfig config = new TimescaleSinkConfig(sinkConfig);
        try (Connection c = open(config); Statement st = c.createStatement()) {
            for (String ddl : Layouts.create(config).bootstrapStatements()) {
                st.execute(ddl);
            }
        }
        Set<TableSpec> tables = new LinkedHashSet<>();
        AtomicLong rows = new AtomicLong();
        Pass copy = timed(k -> copyStream(config, k, tables));
        truncate(config, tables);
        Pass fresh = timed(k -> rows.addAndGet(upsertStream(config, k, false)));
        // vacuumed between the passes: else autovacuum of the new rows lands in whichever re-apply pass it meets
        vacuum(config, tables);
        Pass reapplied = timed(k -> upsertStream(config, k, false));
        vacuum(config, tables);
        Pass sinkReapplied = timed(k -> upsertStream(config, k, true));
        return new Result(rows.get(), copy, fresh, reapplied, sinkReapplied);
    }

    @FunctionalInterface
    private interface Stream {
        void run(int k) throws Exception;
    }

    /** Runs one pass on every stream at once and returns its wall seconds (catalog preparation included: small). */
    private Pass timed(Stream stream) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(streams);
        try {
            List<Future<?>> done = new ArrayList<>();
            Measurement.Cpu before = cpu.get();
            long start = System.nanoTime();
            for (int k = 0; k < streams; k++) {
                int stream0 = k;
                done.add(pool.submit(() -> {
                    stream.run(stream0);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Pass(seconds, cpu.get().minus(before));
        } finally {
            pool.shutdown();
        }
    }

    private static Connection open(TimescaleSinkConfig config) throws SQLException {
        return io.influxtimescale.sink.write.Connections.open(config);
    }

    /** The series of stream {@code k}, each as records of at most 10,000 points (the source's default). */
    private List<SeriesWindow> windowsOf(int k, int series) {
        List<SeriesWindow> out = new ArrayList<>();
        for (int from = 0; from < data.pointsPerSeries(); from += 10_000) {
            out.add(data.window(series, from, Math.min(data.pointsPerSeries(), from + 10_000)));
        }
        return out;
    }

    /** A layout instance of this stream's own (as each sink task has), its catalog prepared for its series. */
    private Layout preparedLayout(TimescaleSinkConfig config, Connection c, int k) throws SQLException {
        Layout layout = Layouts.create(config);
        List<SeriesWindow> firstPoints = new ArrayList<>();
        for (int s = k; s < DataSet.SERIES; s += streams) {
            firstPoints.add(data.window(s, 0, 1));
        }
        c.setAutoCommit(true);
        layout.prepare(new io.influxtimescale.sink.write.ConnectionTransactions(c), firstPoints);
        return layout;
    }

    private void copyStream(TimescaleSinkConfig config, int k, Set<TableSpec> tables) throws Exception {
        try (Connection c = open(config)) {
            Layout layout = preparedLayout(config, c, k);
            c.setAutoCommit(false);
            Map<TableSpec, PlainCopy> open = new LinkedHashMap<>();
            int[] inTransaction = new int[1];
            for (int s = k; s < DataSet.SERIES; s += streams) {
                for (SeriesWindow w : windowsOf(k, s)) {
                    layout.addRows(w, (table, key, row) -> {
                        open.computeIfAbsent(table, t -> new PlainCopy(c, t)).write(row);
                        inTransaction[0]++;
                    });
                    if (inTransaction[0] >= ROWS_PER_TRANSACTION) {
                        finish(open, tables);
                        c.commit();
                        inTransaction[0] = 0;
                    }
                }
            }
            finish(open, tables);
            c.commit();
        }
    }

    private static void finish(Map<TableSpec, PlainCopy> open, Set<TableSpec> tables) throws SQLException {
        synchronized (tables) {
            tables.addAll(open.keySet());
        }
        for (PlainCopy copy : open.values()) {
            copy.end();
        }
        open.clear();
    }

    /** Returns the rows it upserted; {@code copyNewRows}: as the sink writes, trying a direct copy first. */
    private long upsertStream(TimescaleSinkConfig config, int k, boolean copyNewRows) throws Exception {
        try (Connection c = open(config)) {
            Layout layout = preparedLayout(config, c, k);
            c.setAutoCommit(false);
            StagedCopyWriter writer = new StagedCopyWriter(config.skipUnchanged(), copyNewRows);
            Map<TableSpec, List<Object[]>> pending = new HashMap<>();
            int[] n = new int[1];
            long total = 0;
            for (int s = k; s < DataSet.SERIES; s += streams) {
                for (SeriesWindow w : windowsOf(k, s)) {
                    layout.addRows(w, (table, key, row) -> {
                        pending.computeIfAbsent(table, t -> new ArrayList<>()).add(row);
                        n[0]++;
                    });
                    if (n[0] >= ROWS_PER_TRANSACTION) {
                        flush(c, writer, pending);
                        total += n[0];
                        n[0] = 0;
                    }
                }
            }
            flush(c, writer, pending);
            return total + n[0];
        }
    }

    private static void flush(Connection c, StagedCopyWriter writer, Map<TableSpec, List<Object[]>> pending)
            throws SQLException {
        writer.transactionStarted();
        for (Map.Entry<TableSpec, List<Object[]>> e : pending.entrySet()) {
            writer.write(c, e.getKey(), e.getValue());
        }
        c.commit();
        pending.clear();
    }

    private static void truncate(TimescaleSinkConfig config, Set<TableSpec> tables) throws SQLException {
        onEachTable(config, tables, "TRUNCATE ");
    }

    private static void vacuum(TimescaleSinkConfig config, Set<TableSpec> tables) throws SQLException {
        onEachTable(config, tables, "VACUUM (ANALYZE) ");
    }

    /** {@code command} + each table's name, then a checkpoint, so the next timed pass starts from a settled server. */
    private static void onEachTable(TimescaleSinkConfig config, Set<TableSpec> tables, String command)
            throws SQLException {
        try (Connection c = open(config); Statement st = c.createStatement()) {
            for (TableSpec t : tables) {
                st.execute(command + t.qualifiedName());
            }
            st.execute("CHECKPOINT");
        }
    }

    /**
     * The rows of one transaction for one target table, encoded as they come and sent in one {@code COPY ... FROM
     * STDIN (FORMAT binary)} at its end (a connection runs one COPY at a time, and a layout may write several tables).
     */
    private static final class PlainCopy {
        private final Connection connection;
        private final TableSpec table;
        private final BinaryCopyEncoder encoder;

        PlainCopy(Connection connection, TableSpec table) {
            this.connection = connection;
            this.table = table;
            encoder = new BinaryCopyEncoder(table.columns(), 1 << 20);
            encoder.writeHeader();
        }

        void write(Object[] row) {
            encoder.writeRow(row);
        }

        void end() throws SQLException {
            StringJoiner cols = new StringJoiner(", ");
            for (Column col : table.columns()) {
                cols.add(Identifiers.quote(col.name()));
            }
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table.qualifiedName()
                    + " (" + cols + ") FROM STDIN (FORMAT binary)");
            encoder.writeTrailer();
            encoder.copyTo(copy::writeToCopy);
            copy.endCopy();
        }
    }
}
