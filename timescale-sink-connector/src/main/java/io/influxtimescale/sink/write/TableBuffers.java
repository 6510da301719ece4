package io.influxtimescale.sink.write;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.influxtimescale.sink.layout.RowSink;
import io.influxtimescale.sink.sql.TableSpec;

/**
 * Rows of one flush, per table, in the buffers of the {@link TableWriter} (for the staged {@code COPY}: encoded right
 * away). Each buffer holds at most {@code maxRowsPerBuffer} rows, the most one transaction writes. Keys are not
 * looked at: rows added here must have distinct keys (the writer sends only rows of windows that cannot repeat a
 * key, and the deduplicated rows of those that can).
 */
final class TableBuffers implements RowSink {
    private final TableWriter writer;
    private final int maxRowsPerBuffer;
    private final Map<TableSpec, List<RowBuffer>> tables = new LinkedHashMap<>();
    private long rows;

    TableBuffers(TableWriter writer, int maxRowsPerBuffer) {
        this.writer = writer;
        this.maxRowsPerBuffer = maxRowsPerBuffer;
    }

    @Override
    public void add(TableSpec table, Object key, Object[] row) {
        if (row.length != table.columns().size()) {
            throw new IllegalArgumentException("row of " + row.length + " values for " + table.columns().size()
                    + " columns of " + table);
        }
        List<RowBuffer> buffers = tables.computeIfAbsent(table, t -> new ArrayList<>());
        RowBuffer last = buffers.isEmpty() ? null : buffers.get(buffers.size() - 1);
        if (last == null || last.size() >= maxRowsPerBuffer) {
            last = writer.newBuffer(table);
            buffers.add(last);
        }
        last.add(row);
        rows++;
    }

    /** The buffers of each table, tables in the order of their first row. */
    Map<TableSpec, List<RowBuffer>> tables() {
        return tables;
    }

    /** Rows over all tables. */
    long size() {
        return rows;
    }

    void clear() {
        tables.clear();
        rows = 0;
    }
}
