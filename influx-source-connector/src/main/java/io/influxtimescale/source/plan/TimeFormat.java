package io.influxtimescale.source.plan;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Nanosecond int64 times to and from RFC 3339 (with up to nine fraction digits), negative before 1970. */
public final class TimeFormat {
    private TimeFormat() {
    }

    public static String format(long ns) {
        long seconds = Math.floorDiv(ns, 1_000_000_000L);
        long nanos = Math.floorMod(ns, 1_000_000_000L);
        return Instant.ofEpochSecond(seconds, nanos).toString();
    }

    /** Parses RFC 3339 (e.g. {@code 2024-01-01T00:00:00.123456789Z}); fails outside InfluxDB's int64 range. */
    public static long parse(String text) {
        Instant instant;
        try {
            instant = Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            try {
                instant = java.time.OffsetDateTime.parse(text.trim()).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("'" + text + "' is not an RFC 3339 time such as "
                        + "2024-01-31T12:00:00.000000001Z");
            }
        }
        return toNanos(instant);
    }

    public static long toNanos(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(instant + " lies outside the int64 nanosecond range InfluxDB can "
                    + "store (1677-09-21 to 2262-04-11)");
        }
    }

    /** Like {@link #toNanos} but clamps to the int64 range (shard group bounds may lie at the extremes). */
    public static long toNanosClamped(Instant instant) {
        if (instant.getEpochSecond() >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (instant.getEpochSecond() <= Long.MIN_VALUE / 1_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return toNanos(instant);
    }
}
