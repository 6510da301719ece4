package io.influxtimescale.source.task;

import org.apache.kafka.common.utils.ExponentialBackoff;

/**
 * Exponential backoff with a cap, jitter and a maximum number of retries, for transient InfluxDB failures. The
 * delays are Kafka's own {@link ExponentialBackoff} (the clients' retry.backoff.ms/retry.backoff.max.ms, KIP-580):
 * doubled per failure up to the cap, each varied by up to {@value #JITTER} at random so that tasks failing together
 * (a server restart) do not retry together.
 */
final class RetryBackoff {
    static final double JITTER = 0.2;

    private final int maxRetries;
    private final ExponentialBackoff delays;
    private int failures;

    RetryBackoff(int maxRetries, long initialMs, long maxMs) {
        this.maxRetries = maxRetries;
        this.delays = new ExponentialBackoff(initialMs, 2, Math.max(initialMs, maxMs), JITTER);
    }

    /** Records a failure; returns the delay before the next attempt, or -1 when no retries are left. */
    long onFailure() {
        failures++;
        if (failures > maxRetries) {
            return -1;
        }
        return delays.backoff(failures - 1);
    }

    int failures() {
        return failures;
    }

    void onSuccess() {
        failures = 0;
    }
}
