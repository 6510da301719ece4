package io.influxtimescale.sink.layout;

import io.influxtimescale.sink.sql.TableSpec;

/** Receives the rows a layout makes of a record. */
@FunctionalInterface
public interface RowSink {
    /**
     * @param table the target table
     * @param key   the row's unique key in that table (equals/hashCode); a later row with an equal key replaces it
     * @param row   values in the order of {@link TableSpec#columns()}, carried as their {@link
     *              io.influxtimescale.sink.sql.PgType}
     */
    void add(TableSpec table, Object key, Object[] row);
}
