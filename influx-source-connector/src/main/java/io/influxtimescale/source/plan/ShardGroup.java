package io.influxtimescale.source.plan;

/**
 * The time range {@code [startNs, endNs)} of one shard group of a retention policy. Inside one shard group every field
 * of a measurement has exactly one type, so a window that never crosses a shard group boundary reads every value with
 * its stored type through {@code "f"::field}.
 */
public final class ShardGroup implements Comparable<ShardGroup> {
    private final long startNs;
    private final long endNs;

    public ShardGroup(long startNs, long endNs) {
        if (endNs <= startNs) {
            throw new IllegalArgumentException("shard group end " + endNs + " is not after its start " + startNs);
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
    public int compareTo(ShardGroup o) {
        int c = Long.compare(startNs, o.startNs);
        return c != 0 ? c : Long.compare(endNs, o.endNs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardGroup && ((ShardGroup) o).startNs == startNs && ((ShardGroup) o).endNs == endNs;
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
