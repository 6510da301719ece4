package io.influxtimescale.source.task;

import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.contract.SeriesWindow;

/**
 * How much one {@code poll()} may do before it hands its records to Connect: at most 1,000 records, 16 MiB by the
 * contract's size estimate, or one second. Connect takes the offsets it may commit only between polls, so a poll that
 * went on reading window after window (sparse data, a slow server) would hold every offset back until it returned:
 * measured, a backfill of 30 slices committed nothing until the end. The producer's buffer is not flooded either.
 */
final class PollBudget {
    static final int MAX_RECORDS = 1_000;
    static final long MAX_BYTES = 16L * 1024 * 1024;
    static final long MAX_NANOS = 1_000_000_000L;

    private final long startedNanos = System.nanoTime();
    private int records;
    private long bytes;

    boolean full() {
        return records >= MAX_RECORDS || bytes >= MAX_BYTES || System.nanoTime() - startedNanos >= MAX_NANOS;
    }

    void spent(SeriesWindow window) {
        records++;
        bytes += RecordContract.estimatedBytes(window);
    }
}
