package io.influxtimescale.sink.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import io.influxtimescale.sink.sql.TableSpec;
import io.influxtimescale.sink.sql.UpsertSql;

/**
 * Binary {@code COPY} into a session-local temporary staging table (emptied at commit), then one {@code INSERT ...
 * SELECT ... ON CONFLICT DO UPDATE} into the target. Must run inside a transaction; one call per table per
 * transaction.
 */
public final class StagedCopyWriter implements TableWriter {
    private static final int DRAIN_BYTES = 1 << 20;

    private final boolean guard;
    private final Set<TableSpec> staged = new HashSet<>();
    private final Map<TableSpec, String[]> sql = new HashMap<>();

    public StagedCopyWriter(boolean skipUnchanged) {
        this.guard = skipUnchanged;
    }

    @Override
    public void write(Connection connection, TableSpec table, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        String[] statements = sql.computeIfAbsent(table, t -> new String[] {
            UpsertSql.createStagingTable(t), UpsertSql.copyIntoStaging(t), UpsertSql.upsertFromStaging(t, guard)});
        if (!staged.contains(table)) {
            try (Statement st = connection.createStatement()) {
                st.execute(statements[0]);
            }
            staged.add(table);
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(statements[1]);
        boolean done = false;
        try {
            BinaryCopyEncoder encoder = new BinaryCopyEncoder(table.columns(), DRAIN_BYTES + (64 << 10));
            encoder.writeHeader();
            for (Object[] row : rows) {
                encoder.writeRow(row);
                if (encoder.pending() >= DRAIN_BYTES) {
                    encoder.drainTo(copy::writeToCopy);
                }
            }
            encoder.writeTrailer();
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
            st.executeUpdate(statements[2]);
        }
    }

    @Override
    public void reset() {
        staged.clear();
    }
}
