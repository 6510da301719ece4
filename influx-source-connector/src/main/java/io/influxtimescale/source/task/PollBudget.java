package io.influxtimescale.source.task;

import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.contract.SeriesWindow;

/**
 * How much one {@code poll()} may hand to Connect: at most 1,000 records and 16 MiB by the contract's size estimate, so
 * a poll returns promptly (stop() and offset commits are not held up) and the producer's buffer is not flooded.
 */
final class PollBudget {
    static final int MAX_RECORDS = 1_000;
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private int records;
    private long bytes;

    boolean full() {
        return records >= MAX_RECORDS || bytes >= MAX_BYTES;
    }

    void spent(SeriesWindow window) {
        records++;
        bytes += RecordContract.estimatedBytes(window);
    }
}
