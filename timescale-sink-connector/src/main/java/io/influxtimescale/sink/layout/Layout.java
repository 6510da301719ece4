package io.influxtimescale.sink.layout;

import java.sql.SQLException;
import java.util.List;

import io.influxtimescale.contract.SeriesWindow;

/**
 * How InfluxDB's series and fields become tables and rows: the seam between the write path (which only knows
 * {@link io.influxtimescale.sink.sql.TableSpec}s and rows) and a target schema. Layouts: {@code narrow}, {@code
 * shepard}, {@code wide} (a hypertable per measurement).
 *
 * <p>Call order per flush: {@link #check} at {@code put()} time for each record, {@link #prepare} once for the
 * windows of a flush (before and outside the data transactions, so catalog rows are committed and visible to every
 * task), then {@link #addRows} for each window.
 */
public interface Layout {
    /** The value of the {@code layout} setting that selects this layout. */
    String name();

    /**
     * Idempotent DDL creating what the layout needs (schema, catalog tables, hypertables, indexes). The writer runs
     * it in one transaction holding an advisory lock, so tasks starting at once do not race.
     */
    List<String> bootstrapStatements();

    /** The tables this layout writes to in the target schema (for privilege checks). */
    List<String> tableNames();

    /**
     * Throws {@link org.apache.kafka.connect.errors.DataException} naming the problem when this window can never be
     * written in this layout (such a record goes to the dead letter queue or fails the task). No database access.
     */
    void check(SeriesWindow window);

    /**
     * Makes sure everything the windows need exists (catalog ids, tables, columns) and is committed, through the
     * writer's {@link Transactions} (the layout never switches auto-commit or commits itself). Safe when several
     * tasks do the same at once.
     */
    void prepare(Transactions transactions, List<SeriesWindow> windows) throws SQLException;

    /**
     * The rows this window makes in the layout's tables, before deduplication: what {@code batch.max.rows} counts.
     * One per field value unless a layout holds several fields in a row.
     */
    default long rowsOf(SeriesWindow window) {
        return window.fieldValueCount();
    }

    /** Appends the rows of a window that was {@link #check checked} and {@link #prepare prepared}. */
    void addRows(SeriesWindow window, RowSink sink);
}
