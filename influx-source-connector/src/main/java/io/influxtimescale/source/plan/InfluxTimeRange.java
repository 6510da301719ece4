package io.influxtimescale.source.plan;

/**
 * The times InfluxDB can store, the one definition for every reader: int64 nanoseconds from {@code MinInt64 + 2}
 * (InfluxDB keeps the two lowest values as sentinels, {@code models.MinNanoTime}) to {@code MaxInt64 - 1}
 * ({@code models.MaxNanoTime}); 1677-09-21 to 2262-04-11.
 */
public final class InfluxTimeRange {
    public static final long MIN_NS = Long.MIN_VALUE + 2;
    public static final long MAX_NS = Long.MAX_VALUE - 1;

    private InfluxTimeRange() {
    }
}
