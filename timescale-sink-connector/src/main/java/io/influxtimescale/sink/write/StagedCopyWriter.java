package io.influxtimescale.sink.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import io.influxtimescale.sink.sql.TableSpec;
import io.influxtimescale.sink.sql.UpsertSql;

/**
 * Binary {@code COPY} into a session-local temporary staging table (emptied at commit), then one {@code INSERT ...
 * SELECT ... ON CONFLICT DO UPDATE} into the target. Must run inside a transaction; one call per table per
 * transaction.
 *
 * <p>Staging tables are bounded: one per target table (a wide table that gains a column gets a new spec, and the
 * staging table of its old column set is dropped), and at most {@value #MAX_STAGED} in all (the least recently used
 * one is dropped), so a long-running task's session does not collect a temporary table and statements for every
 * version of every table it ever wrote.
 */
public final class StagedCopyWriter implements TableWriter {
    static final int MAX_STAGED = 256;
    /** First chunk of a buffer: small, because a live flush may hold a few rows for each of many tables. */
    private static final int INITIAL_CHUNK = 8 << 10;

    /** The staging table of each target table (by qualified name) that exists in this session, least recent first. */
    private final LinkedHashMap<String, Staged> staged = new LinkedHashMap<>(16, 0.75f, true);
    private final boolean guard;
    private final int maxStaged;

    /** A target's spec and its three statements: create staging table, copy into it, upsert from it. */
    private record Staged(TableSpec spec, String create, String copy, String upsert) {
        static Staged of(TableSpec spec, boolean guard) {
            return new Staged(spec, UpsertSql.createStagingTable(spec), UpsertSql.copyIntoStaging(spec),
                    UpsertSql.upsertFromStaging(spec, guard));
        }
    }

    public StagedCopyWriter(boolean skipUnchanged) {
        this(skipUnchanged, MAX_STAGED);
    }

    /** With another bound (tests). */
    StagedCopyWriter(boolean skipUnchanged, int maxStaged) {
        this.guard = skipUnchanged;
        this.maxStaged = maxStaged;
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
        Staged s = stage(connection, table);
        BinaryCopyEncoder encoder = buffer.finish();
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(s.copy());
        boolean done = false;
        try {
            encoder.drainTo(copy::writeToCopy);
            copy.endCopy();
            done = true;
        } finally {
            if (!done && copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // the transaction is rolled back by the caller anyway
                }
            }
        }
        try (Statement st = connection.createStatement()) {
            st.executeUpdate(s.upsert());
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
