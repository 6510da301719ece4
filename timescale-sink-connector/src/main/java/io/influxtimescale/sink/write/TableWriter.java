package io.influxtimescale.sink.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.influxtimescale.sink.sql.TableSpec;

/** Upserts distinct-keyed rows into a table within the caller's transaction. */
public interface TableWriter {
    /** An empty buffer for rows of this table, in the form {@link #write(Connection, TableSpec, RowBuffer)} takes. */
    RowBuffer newBuffer(TableSpec table);

    /** Upserts the rows of a buffer made by {@link #newBuffer} for this table. */
    void write(Connection connection, TableSpec table, RowBuffer rows) throws SQLException;

    /** Upserts rows given as arrays (tests, benchmarks). */
    default void write(Connection connection, TableSpec table, List<Object[]> rows) throws SQLException {
        RowBuffer buffer = newBuffer(table);
        for (Object[] row : rows) {
            buffer.add(row);
        }
        write(connection, table, buffer);
    }

    /** A transaction starts; the writes until the next call share it. */
    default void transactionStarted() {
    }

    /** Forgets per-connection state (staging tables) after the connection was replaced. */
    void reset();
}
