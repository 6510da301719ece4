package io.influxtimescale.sink.sql;

/**
 * Splits InfluxDB's int64 nanoseconds into what the narrow layout stores: a {@code timestamptz} at the microsecond
 * floor (the hypertable's time dimension; works with {@code time_bucket}, {@code now()} and every PostgreSQL time
 * function) and the nanoseconds within that microsecond, 0 to 999. Flooring (not truncating toward zero) keeps
 * the remainder non-negative before 1970, so {@code (micros, rem)} sorts exactly like the nanoseconds and
 * {@code ns = micros * 1000 + rem} holds over the whole int64 range.
 */
public final class TimeSplit {
    /** Microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01 (the binary timestamptz origin). */
    public static final long PG_EPOCH_OFFSET_MICROS = 946_684_800_000_000L;

    private TimeSplit() {
    }

    /** Microseconds since 1970-01-01 UTC, floored. */
    public static long micros(long epochNanos) {
        return Math.floorDiv(epochNanos, 1000L);
    }

    /** Nanoseconds within the microsecond, 0..999. */
    public static short nanosOfMicro(long epochNanos) {
        return (short) Math.floorMod(epochNanos, 1000L);
    }

    /** The inverse of the split. */
    public static long epochNanos(long micros, int nanosOfMicro) {
        if (nanosOfMicro < 0 || nanosOfMicro > 999) {
            throw new IllegalArgumentException("nanoseconds within a microsecond must be 0..999, got " + nanosOfMicro);
        }
        // wraps only for the lowest 808 ns of the int64 range (micros * 1000 alone is below Long.MIN_VALUE there);
        // the sum is right whenever the result fits, which the floorDiv check confirms
        long ns = micros * 1000L + nanosOfMicro;
        if (Math.floorDiv(ns, 1000L) != micros) {
            throw new ArithmeticException("(" + micros + " us, " + nanosOfMicro + " ns) is outside the int64 range");
        }
        return ns;
    }

    /**
     * SQL rebuilding the exact int64 nanoseconds from a stored pair, the one formula every reader uses (the narrow
     * layout's view, verify's rows of both layouts). {@code extract(epoch ...)} is an exact numeric (PostgreSQL 14+)
     * and the sum is taken before the cast, so the lowest times (InfluxDB's minimum) do not overflow bigint on the way
     * as {@code micros::bigint * 1000} would.
     */
    public static String epochNanosSql(String timeColumn, String nanosOfMicroColumn) {
        return "(extract(epoch FROM " + timeColumn + ") * 1000000000 + " + nanosOfMicroColumn + ")::bigint";
    }

    /** Microseconds since 1970 as PostgreSQL's binary timestamptz (microseconds since 2000-01-01). */
    public static long toPgBinary(long epochMicros) {
        return epochMicros - PG_EPOCH_OFFSET_MICROS;
    }
}
