package io.influxtimescale.sink.write;

/**
 * Rows of one table on their way to a {@link TableWriter}, held in the form that writer sends them (for the staged
 * {@code COPY}: already encoded, so a flush holds bytes rather than a boxed object per value while it waits for the
 * database). The caller guarantees distinct keys.
 */
public interface RowBuffer {
    /** One row, values in the order of the table's columns; the buffer does not keep the array. */
    void add(Object[] row);

    /** Rows added. */
    int size();
}
