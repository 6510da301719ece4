package io.influxtimescale.source.plan;

/**
 * The time range {@code [startNs, endNs)} of one shard group of a retention policy. Inside one shard group every field
 * of a measurement has exactly one type, so a window that never crosses a shard group boundary reads every value with
 * its stored type through {@code "f"::field}.
 */
public record ShardGroup(long startNs, long endNs) implements Comparable<ShardGroup> {
    public ShardGroup {
        if (endNs <= startNs) {
            throw new IllegalArgumentException("shard group end " + endNs + " is not after its start " + startNs);
        }
    }

    @Override
    public int compareTo(ShardGroup o) {
        int c = Long.compare(startNs, o.startNs);
        return c != 0 ? c : Long.compare(endNs, o.endNs);
    }

    @Override
    public String toString() {
        return "[" + TimeFormat.format(startNs) + ", " + TimeFormat.format(endNs) + ")";
    }
}
