package io.influxtimescale.source.task;

/** Exponential backoff with a cap and a maximum number of retries, for transient InfluxDB failures. */
final class RetryBackoff {
    private final int maxRetries;
    private final long initialMs;
    private final long maxMs;
    private int failures;

    RetryBackoff(int maxRetries, long initialMs, long maxMs) {
        this.maxRetries = maxRetries;
        this.initialMs = initialMs;
        this.maxMs = maxMs;
    }

    /** Records a failure; returns the delay before the next attempt, or -1 when no retries are left. */
    long onFailure() {
        failures++;
        if (failures > maxRetries) {
            return -1;
        }
        long delay = initialMs;
        for (int i = 1; i < failures && delay < maxMs; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxMs);
    }

    int failures() {
        return failures;
    }

    void onSuccess() {
        failures = 0;
    }
}
