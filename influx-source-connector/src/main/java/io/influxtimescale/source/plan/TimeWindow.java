package io.influxtimescale.source.plan;

/** A half-open time range {@code [startNs, endNs)} read by one query. */
public final class TimeWindow {
    private final long startNs;
    private final long endNs;

    public TimeWindow(long startNs, long endNs) {
        if (endNs <= startNs) {
            throw new IllegalArgumentException("window end " + endNs + " is not after its start " + startNs);
        }
        this.startNs = startNs;
        this.endNs = endNs;
    }

    public long startNs() {
        return startNs;
    }

    public long endNs() {
        return endNs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TimeWindow && ((TimeWindow) o).startNs == startNs && ((TimeWindow) o).endNs == endNs;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(startNs) * 31 + Long.hashCode(endNs);
    }

    @Override
    public String toString() {
        return "[" + TimeFormat.format(startNs) + ", " + TimeFormat.format(endNs) + ")";
    }
}
