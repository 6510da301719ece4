package io.influxtimescale.sink.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeSplitTest {
    @Test
    void splitsPositiveTimes() {
        long ns = 1_700_000_000_123_456_789L;
        assertThat(TimeSplit.micros(ns)).isEqualTo(1_700_000_000_123_456L);
        assertThat(TimeSplit.nanosOfMicro(ns)).isEqualTo((short) 789);
    }

    @Test
    void floorsNegativeTimesSoTheRemainderStaysNonNegative() {
        assertThat(TimeSplit.micros(-1)).isEqualTo(-1);
        assertThat(TimeSplit.nanosOfMicro(-1)).isEqualTo((short) 999);
        assertThat(TimeSplit.micros(-1000)).isEqualTo(-1);
        assertThat(TimeSplit.nanosOfMicro(-1000)).isEqualTo((short) 0);
        assertThat(TimeSplit.micros(-1001)).isEqualTo(-2);
        assertThat(TimeSplit.nanosOfMicro(-1001)).isEqualTo((short) 999);
    }

    @Test
    void roundTripsOverTheWholeRangeAndKeepsOrder() {
        long[] samples = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -9_223_372_036_854_775_806L, -1_000_000_001L, -999,
                -1, 0, 1, 999, 1000, 1001, 1_600_000_000_000_000_001L, Long.MAX_VALUE - 1, Long.MAX_VALUE};
        long previousMicros = Long.MIN_VALUE;
        int previousRem = -1;
        for (long ns : samples) {
            long micros = TimeSplit.micros(ns);
            short rem = TimeSplit.nanosOfMicro(ns);
            assertThat(rem).isBetween((short) 0, (short) 999);
            assertThat(TimeSplit.epochNanos(micros, rem)).isEqualTo(ns);
            assertThat(micros > previousMicros || (micros == previousMicros && rem > previousRem))
                    .as("order kept at %d", ns).isTrue();
            previousMicros = micros;
            previousRem = rem;
        }
    }

    @Test
    void pointsLessThanAMicrosecondApartStayDistinct() {
        long a = 1_500_000_000_000_000_000L;
        long b = a + 1;
        assertThat(TimeSplit.micros(a)).isEqualTo(TimeSplit.micros(b));
        assertThat(TimeSplit.nanosOfMicro(a)).isNotEqualTo(TimeSplit.nanosOfMicro(b));
    }

    @Test
    void binaryTimestampCountsFrom2000() {
        assertThat(TimeSplit.toPgBinary(946_684_800_000_000L)).isZero();
        assertThat(TimeSplit.toPgBinary(0)).isEqualTo(-946_684_800_000_000L);
    }
}
