package io.influxtimescale.sink.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;

class OverlappingWindowsTest {
    private static final SeriesKey A = new SeriesKey("db", "rp", "m", Map.of("host", "a"));
    private static final SeriesKey B = new SeriesKey("db", "rp", "m", Map.of("host", "b"));

    private static SeriesWindow window(SeriesKey series, long... times) {
        return new SeriesWindow(series, -1000, 1000, times,
                List.of(FieldColumn.ofBooleans("f", null, new boolean[times.length])));
    }

    @Test
    void windowsOfDifferentSeriesOrFollowingEachOtherCannotRepeatAKey() {
        SeriesWindow a1 = window(A, 0, 1, 2);
        SeriesWindow a2 = window(A, 3, 4);
        SeriesWindow a0 = window(A, -5, -1);
        SeriesWindow b1 = window(B, 0, 1, 2);
        assertThat(OverlappingWindows.of(List.of(a1, b1, a2, a0))).isEmpty();
    }

    @Test
    void allWindowsOfASeriesWithAnOverlapAreDeduplicatedTogether() {
        SeriesWindow a1 = window(A, 0, 5, 10);
        SeriesWindow a2 = window(A, 100, 200);
        SeriesWindow a3 = window(A, 10, 11); // shares time 10 with a1
        SeriesWindow b1 = window(B, 0, 5, 10);
        assertThat(OverlappingWindows.of(List.of(a1, a2, b1, a3))).containsExactlyInAnyOrder(a1, a2, a3);
    }

    @Test
    void aWindowInsideAnotherOverlapsEvenWithoutSharedTimes() {
        SeriesWindow outer = window(A, 0, 100);
        SeriesWindow inner = window(A, 50);
        assertThat(OverlappingWindows.of(List.of(inner, outer))).containsExactlyInAnyOrder(inner, outer);
    }

    @Test
    void theSameRecordTwiceOverlaps() {
        SeriesWindow a1 = window(A, 7);
        SeriesWindow again = window(A, 7);
        assertThat(OverlappingWindows.of(List.of(a1, again))).hasSize(2);
    }

    @Test
    void emptyWindowsAreLeftOut() {
        assertThat(OverlappingWindows.of(List.of(window(A), window(A), window(A, 1)))).isEmpty();
    }
}
