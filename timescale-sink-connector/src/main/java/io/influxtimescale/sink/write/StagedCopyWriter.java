package io.influxtimescale.sink.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.sink.sql.TableSpec;
import io.influxtimescale.sink.sql.UpsertSql;

/**
 * Binary {@code COPY} into a session-local temporary staging table (emptied at commit), then one {@code INSERT ...
 * SELECT ... ON CONFLICT DO UPDATE} into the target. Must run inside a transaction; one call per table per
 * transaction.
 *
 * <p>New rows first: a backfill writes rows that are not there yet, and for those a binary {@code COPY} straight
 * into the target gives the same table as the upsert at a third to a half of PostgreSQL's CPU (no speculative
 * insertion, TimescaleDB's multi-row inserts). So a buffer of at least {@value #DIRECT_MIN_ROWS} rows is first copied
 * into the target inside a savepoint. If any of its keys is already there (a replay, a re-read, another task's write),
 * unique_violation rolls back to the savepoint and the same bytes take the staged upsert; that table then skips the
 * direct copy for its next {@value #CONFLICT_BACKOFF_WRITES} writes, so data that is mostly present costs at most
 * one wasted copy per that many writes. Either way every row ends as the upsert leaves it. At most
 * {@value #MAX_DIRECT_PER_TRANSACTION} savepoints per transaction, because PostgreSQL tracks the subtransactions of
 * a transaction cheaply only up to 64.
 *
 * <p>Staging tables are bounded: one per target table (a wide table that gains a column gets a new spec, and the
 * staging table of its old column set is dropped), and at most {@value #MAX_STAGED} in all (the least recently used
 * one is dropped), so a long-running task's session does not collect a temporary table and statements for every
 * version of every table it ever wrote.
 */
public final class StagedCopyWriter implements TableWriter {
    private static final Logger LOG = LoggerFactory.getLogger(StagedCopyWriter.class);
    static final int MAX_STAGED = 256;
    static final int DIRECT_MIN_ROWS = 1_000;
    static final int CONFLICT_BACKOFF_WRITES = 64;
    static final int MAX_DIRECT_PER_TRANSACTION = 32;
    /** First chunk of a buffer: small, because a live flush may hold a few rows for each of many tables. */
    private static final int INITIAL_CHUNK = 8 << 10;

    /** The staging table of each target table (by qualified name) that exists in this session, least recent first. */
    private final LinkedHashMap<String, Staged> staged = new LinkedHashMap<>(16, 0.75f, true);
    private final boolean guard;
    private final int maxStaged;
    /** Smallest buffer that tries the direct copy; 0: never. */
    private final int directMinRows;
    /** Per target (qualified name): writes left that skip the direct copy after a conflict. */
    private final Map<String, Integer> backoff = new HashMap<>();
    private int directThisTransaction;
    private long directCopies;
    private long directConflicts;

    /** A target's spec and its three statements: create staging table, copy into it, upsert from it. */
    private record Staged(TableSpec spec, String create, String copy, String upsert) {
        static Staged of(TableSpec spec, boolean guard) {
            return new Staged(spec, UpsertSql.createStagingTable(spec), UpsertSql.copyIntoStaging(spec),
                    UpsertSql.upsertFromStaging(spec, guard));
        }
    }

    public StagedCopyWriter(boolean skipUnchanged) {
        this(skipUnchanged, true);
    }

    /** {@code copyNewRows} false: every row takes the staged upsert (the benchmark's measure of the upsert alone). */
    public StagedCopyWriter(boolean skipUnchanged, boolean copyNewRows) {
        this(skipUnchanged, MAX_STAGED, copyNewRows ? DIRECT_MIN_ROWS : 0);
    }

    /** With other bounds (tests). */
    StagedCopyWriter(boolean skipUnchanged, int maxStaged, int directMinRows) {
        this.guard = skipUnchanged;
        this.maxStaged = maxStaged;
        this.directMinRows = directMinRows;
    }

    @Override
    public void transactionStarted() {
        directThisTransaction = 0;
    }

    @Override
    public RowBuffer newBuffer(TableSpec table) {
        return new CopyBuffer(table);
    }

    @Override
    public void write(Connection connection, TableSpec table, RowBuffer rows) throws SQLException {
        if (!(rows instanceof CopyBuffer buffer) || !buffer.table.equals(table)) {
            throw new IllegalArgumentException("rows for " + table + " must come from newBuffer(" + table + ")");
        }
        if (buffer.size() == 0) {
            return;
        }
        BinaryCopyEncoder encoder = buffer.finish();
        if (tryDirect(table, buffer.size()) && copyNewRows(connection, table, encoder)) {
            return;
        }
        Staged s = stage(connection, table);
        copy(connection, s.copy(), encoder);
        try (Statement st = connection.createStatement()) {
            st.executeUpdate(s.upsert());
        }
    }

    /** Whether this buffer tries the direct copy; counts a table's writes since its last conflict. */
    private boolean tryDirect(TableSpec table, int rows) {
        Integer left = backoff.get(table.qualifiedName());
        if (left != null) {
            if (left <= 1) {
                backoff.remove(table.qualifiedName());
            } else {
                backoff.put(table.qualifiedName(), left - 1);
            }
            return false;
        }
        return directMinRows > 0 && rows >= directMinRows && directThisTransaction < MAX_DIRECT_PER_TRANSACTION;
    }

    /**
     * The rows by binary {@code COPY} into the target inside a savepoint; false (savepoint rolled back, nothing
     * written) when one of their keys is already there.
     */
    private boolean copyNewRows(Connection connection, TableSpec table, BinaryCopyEncoder encoder)
            throws SQLException {
        directThisTransaction++;
        try (Statement st = connection.createStatement()) {
            st.execute("SAVEPOINT itc_new_rows");
            try {
                copy(connection, UpsertSql.copyIntoTarget(table), encoder);
            } catch (SQLException e) {
                if (!SqlErrors.isUniqueViolation(e)) {
                    throw e;
                }
                st.execute("ROLLBACK TO SAVEPOINT itc_new_rows");
                st.execute("RELEASE SAVEPOINT itc_new_rows");
                directConflicts++;
                backoff.put(table.qualifiedName(), CONFLICT_BACKOFF_WRITES);
                LOG.debug("rows of {} already there: upserting, and for its next {} writes", table.qualifiedName(),
                        CONFLICT_BACKOFF_WRITES);
                return false;
            }
            st.execute("RELEASE SAVEPOINT itc_new_rows");
        }
        directCopies++;
        return true;
    }

    private static void copy(Connection connection, String copySql, BinaryCopyEncoder encoder) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        boolean done = false;
        try {
            encoder.copyTo(copy::writeToCopy);
            copy.endCopy();
            done = true;
        } finally {
            if (!done && copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // the caller rolls back (the transaction, or to its savepoint)
                }
            }
        }
    }

    /**
     * Rows encoded in binary {@code COPY} format as they are added: a flush holds about 60 bytes per wide row
     * instead of an array and a boxed object per value. Written once.
     */
    private static final class CopyBuffer implements RowBuffer {
        private final TableSpec table;
        private final BinaryCopyEncoder encoder;
        private int rows;
        private boolean finished;

        CopyBuffer(TableSpec table) {
            this.table = table;
            this.encoder = new BinaryCopyEncoder(table.columns(), INITIAL_CHUNK);
            encoder.writeHeader();
        }

        @Override
        public void add(Object[] row) {
            if (finished) {
                throw new IllegalStateException("rows of " + table + " were already written");
            }
            encoder.writeRow(row);
            rows++;
        }

        @Override
        public int size() {
            return rows;
        }

        BinaryCopyEncoder finish() {
            if (finished) {
                throw new IllegalStateException("rows of " + table + " were already written");
            }
            finished = true;
            encoder.writeTrailer();
            return encoder;
        }
    }

    /** The staging table of this spec, created when missing; older versions and the least recently used dropped. */
    private Staged stage(Connection connection, TableSpec table) throws SQLException {
        String target = table.qualifiedName();
        Staged s = staged.get(target);
        if (s != null && s.spec().equals(table)) {
            return s;
        }
        try (Statement st = connection.createStatement()) {
            if (s != null) {
                st.execute(UpsertSql.dropStagingTable(s.spec()));
                staged.remove(target);
            }
            s = Staged.of(table, guard);
            st.execute(s.create());
            staged.put(target, s);
            for (Iterator<Map.Entry<String, Staged>> it = staged.entrySet().iterator();
                 staged.size() > maxStaged && it.hasNext(); ) {
                Map.Entry<String, Staged> eldest = it.next();
                st.execute(UpsertSql.dropStagingTable(eldest.getValue().spec()));
                it.remove();
            }
        }
        return s;
    }

    /** The target tables whose staging table this session holds (tests). */
    int stagedCount() {
        return staged.size();
    }

    /** Buffers written by the direct copy, and direct copies that met a present key (tests). */
    long[] directCounts() {
        return new long[] {directCopies, directConflicts};
    }

    /**
     * After a rollback or a new connection: forget what this session holds. (A drop undone by a rollback leaves that
     * staging table until the session ends: bounded by the number of rollbacks, and a transient failure replaces the
     * connection anyway.)
     */
    @Override
    public void reset() {
        staged.clear();
    }
}
