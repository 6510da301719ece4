package io.influxtimescale.contract;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The value of one record: the points of one series within one time window {@code [windowStartNs, windowEndNs)},
 * as strictly ascending nanosecond times and one {@link FieldColumn} per (field, type) present in the window.
 *
 * <p>A window with more points than fit in one record is split into several records that each cover a part of the
 * window's times; all of them carry the same window bounds. Sinks upsert, so the split is invisible to them.
 *
 * <p>The constructor validates everything a sink relies on, so a malformed record fails at decode time with a
 * message naming the series and the problem, never half-written.
 */
public final class SeriesWindow {
    private final SeriesKey series;
    private final long windowStartNs;
    private final long windowEndNs;
    private final long[] timesNs;
    private final List<FieldColumn> fields;

    public SeriesWindow(SeriesKey series, long windowStartNs, long windowEndNs, long[] timesNs,
                        List<FieldColumn> fields) {
        this.series = Objects.requireNonNull(series, "series");
        this.windowStartNs = windowStartNs;
        this.windowEndNs = windowEndNs;
        this.timesNs = Objects.requireNonNull(timesNs, "times");
        this.fields = List.copyOf(fields);
        validate();
    }

    private void validate() {
        if (windowEndNs <= windowStartNs) {
            throw fail("window end " + windowEndNs + " is not after its start " + windowStartNs);
        }
        for (int i = 0; i < timesNs.length; i++) {
            long t = timesNs[i];
            if (t < windowStartNs || t >= windowEndNs) {
                throw fail("time " + t + " lies outside the window [" + windowStartNs + ", " + windowEndNs + ")");
            }
            if (i > 0 && t <= timesNs[i - 1]) {
                throw fail("times are not strictly ascending at index " + i + " (" + timesNs[i - 1] + ", " + t + ")");
            }
        }
        Set<String> seen = new HashSet<>();
        for (FieldColumn field : fields) {
            if (!seen.add(field.name() + '\u0000' + field.type())) {
                throw fail("field '" + field.name() + "' of type " + field.type().wireName() + " appears twice");
            }
            if (field.isDense() && field.size() != timesNs.length) {
                throw fail("dense field '" + field.name() + "' has " + field.size() + " values for "
                        + timesNs.length + " times");
            }
            int previous = -1;
            for (int i = 0; i < field.size(); i++) {
                int index = field.timeIndex(i);
                if (index <= previous || index >= timesNs.length) {
                    throw fail("field '" + field.name() + "' has position " + index + " out of order or beyond the "
                            + timesNs.length + " times");
                }
                previous = index;
            }
        }
    }

    private IllegalArgumentException fail(String problem) {
        return new IllegalArgumentException("invalid series window for " + series + ": " + problem);
    }

    public SeriesKey series() {
        return series;
    }

    public long windowStartNs() {
        return windowStartNs;
    }

    public long windowEndNs() {
        return windowEndNs;
    }

    /** Number of times (rows) in this record. */
    public int size() {
        return timesNs.length;
    }

    public long timeAt(int index) {
        return timesNs[index];
    }

    /** A copy of the times. */
    public long[] timesNs() {
        return timesNs.clone();
    }

    /** Package-private access without a copy, for the codec. */
    long[] rawTimes() {
        return timesNs;
    }

    public List<FieldColumn> fields() {
        return fields;
    }

    /** Number of field values in this record, over all fields. */
    public long fieldValueCount() {
        long count = 0;
        for (FieldColumn field : fields) {
            count += field.size();
        }
        return count;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SeriesWindow)) {
            return false;
        }
        SeriesWindow other = (SeriesWindow) o;
        return windowStartNs == other.windowStartNs && windowEndNs == other.windowEndNs
                && series.equals(other.series) && java.util.Arrays.equals(timesNs, other.timesNs)
                && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(series, windowStartNs, windowEndNs, java.util.Arrays.hashCode(timesNs), fields);
    }

    @Override
    public String toString() {
        return "SeriesWindow{" + series + ", [" + windowStartNs + ", " + windowEndNs + "), " + timesNs.length
                + " times, " + fields + "}";
    }
}
