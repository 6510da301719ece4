package io.influxtimescale.sink.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.sink.config.JdbcUrls;
import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.sink.layout.Layout;
import io.influxtimescale.sink.layout.Transactions;
import io.influxtimescale.sink.sql.Identifiers;
import io.influxtimescale.sink.sql.TableSpec;

/**
 * Writes decoded windows through a {@link Layout}: catalog ids first (committed on their own), then the rows,
 * deduplicated per table, in transactions of at most {@code batch.max.rows} rows. Owns the task's connection: it
 * connects (and creates what is missing) on first use and drops the connection after a transient failure, so the
 * next call starts afresh. Everything it writes is an upsert, so writing the same windows again is harmless.
 */
public final class TimescaleWriter implements WindowWriter {
    private static final Logger LOG = LoggerFactory.getLogger(TimescaleWriter.class);
    /** One advisory lock for all bootstrap DDL of this connector in a database. */
    static final String BOOTSTRAP_LOCK = "SELECT pg_advisory_xact_lock(hashtext('influx-timescale-sink bootstrap'))";

    private final TimescaleSinkConfig config;
    private final Layout layout;
    private final TableWriter tableWriter;
    private final int maxRowsPerTransaction;
    /**
     * Rows of windows that may repeat a key, deduplicated; empty between writes (cleared at the end of each), reused
     * so that its hash tables keep their size.
     */
    private final RowBatch batch = new RowBatch();
    private Connection connection;
    /** The connection's transactions, lent to the layout; null while not connected. */
    private Transactions transactions;
    private boolean bootstrapped;

    public TimescaleWriter(TimescaleSinkConfig config, Layout layout, TableWriter tableWriter) {
        this.config = config;
        this.layout = layout;
        this.tableWriter = tableWriter;
        this.maxRowsPerTransaction = config.batchMaxRows();
    }

    public static TableWriter tableWriter(TimescaleSinkConfig config) {
        if (TimescaleSinkConfig.METHOD_UNNEST.equals(config.writeMethod())) {
            return new UnnestWriter(config.skipUnchanged(), 10_000);
        }
        return new StagedCopyWriter(config.skipUnchanged());
    }

    /** Connects and creates the layout's schema, tables and hypertables when missing. */
    @Override
    public void ensureReady() throws SQLException {
        connection();
    }

    /** Writes the windows; returns the number of distinct rows written. */
    @Override
    public long write(List<SeriesWindow> windows) throws SQLException {
        if (windows.isEmpty()) {
            return 0;
        }
        connection();
        TableBuffers buffers = new TableBuffers(tableWriter, maxRowsPerTransaction);
        try {
            layout.prepare(transactions, windows);
            // rows go straight into their table's buffer, except those of windows that may repeat a key: these are
            // deduplicated first (last write wins), then follow
            Set<SeriesWindow> overlapping = OverlappingWindows.of(windows);
            for (SeriesWindow window : windows) {
                layout.addRows(window, overlapping.contains(window) ? batch : buffers);
            }
            for (TableSpec table : batch.tables()) {
                for (Object[] row : batch.rows(table)) {
                    buffers.add(table, null, row);
                }
            }
            for (List<Slice> unit : transactionUnits(buffers)) {
                transactions.inTransaction(conn -> {
                    tableWriter.transactionStarted();
                    for (Slice slice : unit) {
                        tableWriter.write(conn, slice.table, slice.rows);
                    }
                    return null;
                });
            }
            return buffers.size();
        } catch (SQLException | RuntimeException e) {
            failed(e);
            throw e;
        } finally {
            batch.clear(); // the rows' values are not kept until the next flush
        }
    }

    /** Rows of one table written in one statement pair. */
    private record Slice(TableSpec table, RowBuffer rows) {
    }

    /**
     * The buffers grouped into transactions: at most {@code batch.max.rows} rows each (a transaction creating a
     * chunk blocks other writers of the hypertable until it commits; a buffer holds no more), and a table at most
     * once per transaction (its staging table is emptied at commit).
     */
    private List<List<Slice>> transactionUnits(TableBuffers buffers) {
        List<List<Slice>> units = new ArrayList<>();
        List<Slice> unit = new ArrayList<>();
        long inUnit = 0;
        for (Map.Entry<TableSpec, List<RowBuffer>> e : buffers.tables().entrySet()) {
            List<RowBuffer> tableBuffers = e.getValue();
            for (int i = 0; i < tableBuffers.size(); i++) {
                RowBuffer rows = tableBuffers.get(i);
                unit.add(new Slice(e.getKey(), rows));
                inUnit += rows.size();
                if (i < tableBuffers.size() - 1 || inUnit >= maxRowsPerTransaction) {
                    units.add(unit);
                    unit = new ArrayList<>();
                    inUnit = 0;
                }
            }
        }
        if (!unit.isEmpty()) {
            units.add(unit);
        }
        return units;
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = Connections.open(config);
            transactions = new ConnectionTransactions(connection);
            tableWriter.reset();
            LOG.info("connected to {} as {}", JdbcUrls.redacted(config.connectionUrl()), config.connectionUser());
        }
        if (!bootstrapped) {
            try {
                transactions.inTransaction(this::bootstrap);
            } catch (SQLException | RuntimeException e) {
                failed(e);
                throw e;
            }
            bootstrapped = true;
            LOG.info("layout '{}' ready in schema {}", layout.name(), Identifiers.quote(config.targetSchema()));
        }
        return connection;
    }

    private Void bootstrap(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            // serializes tasks starting at once: CREATE ... IF NOT EXISTS alone races on the system catalogs
            st.execute(BOOTSTRAP_LOCK);
            st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
            for (String ddl : layout.bootstrapStatements()) {
                st.execute(ddl);
            }
        }
        return null;
    }

    private void failed(Exception e) {
        Connection c = connection;
        if (c == null) {
            return;
        }
        // a rolled-back transaction may have taken a just-created staging table with it
        tableWriter.reset();
        boolean keep = false;
        if (!(e instanceof SQLException && SqlErrors.isTransient((SQLException) e))) {
            try {
                // the transaction that failed was rolled back by ConnectionTransactions
                keep = c.isValid(2);
            } catch (SQLException ignored) {
                keep = false;
            }
        }
        if (!keep) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
            transactions = null;
            tableWriter.reset();
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
