package io.influxtimescale.sink.layout;

/** The unique key of a point row: catalog id and the exact nanosecond time. */
public final class PointKey {
    private final long seriesId;
    private final long timeNs;

    public PointKey(long seriesId, long timeNs) {
        this.seriesId = seriesId;
        this.timeNs = timeNs;
    }

    public long seriesId() {
        return seriesId;
    }

    public long timeNs() {
        return timeNs;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PointKey)) {
            return false;
        }
        PointKey other = (PointKey) o;
        return seriesId == other.seriesId && timeNs == other.timeNs;
    }

    @Override
    public int hashCode() {
        long h = seriesId * 0x9E3779B97F4A7C15L + timeNs;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return "(" + seriesId + ", " + timeNs + ")";
    }
}
