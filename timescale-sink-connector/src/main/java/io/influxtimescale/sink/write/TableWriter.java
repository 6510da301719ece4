package io.influxtimescale.sink.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.influxtimescale.sink.sql.TableSpec;

/** Upserts distinct-keyed rows into a table within the caller's transaction. */
public interface TableWriter {
    void write(Connection connection, TableSpec table, List<Object[]> rows) throws SQLException;

    /** Forgets per-connection state (staging tables) after the connection was replaced. */
    void reset();
}
