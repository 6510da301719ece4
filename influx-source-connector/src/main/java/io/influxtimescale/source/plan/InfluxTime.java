package io.influxtimescale.source.plan;

/**
 * InfluxDB's time range and saturating arithmetic on it. InfluxDB stores int64 nanoseconds but reserves the two
 * lowest values ({@code models.MinNanoTime = MinInt64 + 2}; {@code Long.MIN_VALUE} does not even parse in InfluxQL)
 * and the highest ({@code models.MaxNanoTime = MaxInt64 - 1}). Times near the ends of the range are real (1677 and
 * 2262 are valid timestamps), so every subtraction or addition of a duration saturates instead of wrapping.
 */
public final class InfluxTime {
    /** The smallest time InfluxDB stores. */
    public static final long MIN_NS = Long.MIN_VALUE + 2;
    /** One past the largest time InfluxDB stores: the exclusive end of "everything". */
    public static final long END_NS = Long.MAX_VALUE;

    private InfluxTime() {
    }

    /** {@code t - d} for {@code d >= 0}, never below {@link #MIN_NS}. */
    public static long minus(long t, long d) {
        return t < MIN_NS + d ? MIN_NS : t - d;
    }

    /** {@code t + d} for {@code d >= 0}, never above {@link #END_NS}. */
    public static long plus(long t, long d) {
        return t > END_NS - d ? END_NS : t + d;
    }
}
