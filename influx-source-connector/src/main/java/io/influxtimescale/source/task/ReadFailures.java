package io.influxtimescale.source.task;

import java.util.function.LongSupplier;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;

import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.influx.InfluxException;
import io.influxtimescale.source.plan.TimeWindow;

/**
 * What a phase does when a query fails: transient failures (unreachable, 5xx, a stream cut short,
 * max-concurrent-queries) are retried after an exponential backoff, up to {@code max.retries} in a row; anything else,
 * or too many in a row, fails the task with a message naming what was being read and what to change. Nothing is ever
 * skipped: the read starts again from its beginning.
 */
final class ReadFailures {
    private final RetryBackoff backoff;
    private final int retriesMax;
    private final LongSupplier clock;
    private final Logger log;
    private long retryAtMs;

    ReadFailures(int retriesMax, long backoffMs, long backoffMaxMs, LongSupplier clock, Logger log) {
        this.backoff = new RetryBackoff(retriesMax, backoffMs, backoffMaxMs);
        this.retriesMax = retriesMax;
        this.clock = clock;
        this.log = log;
    }

    /** True while waiting before the next attempt. */
    boolean waiting() {
        return retryAtMs > clock.getAsLong();
    }

    long msUntilRetry() {
        return Math.max(0, retryAtMs - clock.getAsLong());
    }

    void onSuccess() {
        backoff.onSuccess();
    }

    /**
     * @param what       what was being read, for messages ("reading cpu window [...]")
     * @param container  the container whose query the server rejected (null for metadata)
     * @param window     its time range (null for metadata)
     * @param context    appended to a rejection's explanation (e.g. that the query read several measurements)
     * @param resumeNote what a restart does, for the final failure
     */
    void onFailure(InfluxException e, String what, Container container, TimeWindow window, String context,
                   String resumeNote) {
        if (e instanceof InfluxException.Closed) {
            return; // the task is stopping and closed the client under this read: nothing failed
        }
        boolean retry = e.retryable()
                || (e instanceof InfluxException.QueryFailed && QueryErrors.transientLimit(e.getMessage()));
        if (!retry) {
            if (e instanceof InfluxException.QueryFailed && container != null && window != null) {
                throw new ConnectException(QueryErrors.describe(((InfluxException.QueryFailed) e).serverMessage(),
                        container, window) + context, e);
            }
            throw new ConnectException(what + " failed: " + e.getMessage(), e);
        }
        long delay = backoff.onFailure();
        if (delay < 0) {
            throw new ConnectException("InfluxDB failed " + backoff.failures() + " times in a row (max.retries="
                    + retriesMax + ") while " + what + "; last error: " + e.getMessage() + ". " + resumeNote, e);
        }
        log.warn("{} failed (attempt {} of {}), retrying in {} ms: {}", what, backoff.failures(), retriesMax + 1,
                delay, e.getMessage());
        retryAtMs = clock.getAsLong() + delay;
    }
}
