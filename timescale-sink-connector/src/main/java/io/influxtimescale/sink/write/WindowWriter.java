package io.influxtimescale.sink.write;

import java.sql.SQLException;
import java.util.List;

import io.influxtimescale.contract.SeriesWindow;

/** What the task needs of a writer: write decoded windows durably (committed) or throw. */
public interface WindowWriter extends AutoCloseable {
    /** Connects and creates what is missing. */
    void ensureReady() throws SQLException;

    /** Writes and commits the windows; returns the number of distinct rows written. */
    long write(List<SeriesWindow> windows) throws SQLException;

    @Override
    void close();
}
