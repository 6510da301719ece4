package io.influxtimescale.source.plan;

/** A half-open time range {@code [startNs, endNs)} read by one query. */
public record TimeWindow(long startNs, long endNs) {
    public TimeWindow {
        if (endNs <= startNs) {
            throw new IllegalArgumentException("window end " + endNs + " is not after its start " + startNs);
        }
    }

    @Override
    public String toString() {
        return "[" + TimeFormat.format(startNs) + ", " + TimeFormat.format(endNs) + ")";
    }
}
