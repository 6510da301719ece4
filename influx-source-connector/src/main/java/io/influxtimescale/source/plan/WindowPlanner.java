package io.influxtimescale.source.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Cuts a container's backfill range into query windows: a fixed grid of {@code windowNs} aligned to the epoch, cut
 * again at every shard group boundary of the retention policy (so each window lies in one shard group, where every
 * field has one type), and skipping time that no shard group covers (no shard group, no data: no query).
 *
 * <p>Windows are produced one at a time from the first incomplete time, so a restart plans exactly the windows not
 * yet completed, and a shard group created while the backfill runs is seen when the planner reaches it.
 *
 * <p>Without shard information (InfluxDB 2.x/3.x have no {@code SHOW SHARDS}) the grid alone is used; a field whose
 * type changes inside one grid window is then read with one type by the server (see docs/source-connector.md).
 */
public final class WindowPlanner {
    private final long windowNs;

    public WindowPlanner(long windowNs) {
        if (windowNs <= 0) {
            throw new IllegalArgumentException("window duration must be positive");
        }
        this.windowNs = windowNs;
    }

    /**
     * The next window to read starting at {@code completedUntilNs}, or empty when nothing is left before
     * {@code untilNs}.
     *
     * @param shardGroups the retention policy's shard groups, or empty when the server cannot list them
     */
    public Optional<TimeWindow> next(long completedUntilNs, long untilNs, Optional<List<ShardGroup>> shardGroups) {
        long start = completedUntilNs;
        if (start >= untilNs) {
            return Optional.empty();
        }
        long end = Math.min(gridEnd(start), untilNs);
        if (shardGroups.isPresent()) {
            List<ShardGroup> groups = shardGroups.get();
            // Skip forward to the first shard group that still covers time at or after start.
            long covered = Long.MAX_VALUE;
            for (ShardGroup g : groups) {
                if (g.endNs() > start && g.startNs() < covered) {
                    covered = g.startNs();
                }
            }
            if (covered == Long.MAX_VALUE || covered >= untilNs) {
                return Optional.empty();
            }
            if (covered > start) {
                start = covered;
                end = Math.min(gridEnd(start), untilNs);
            }
            // Cut at the first boundary (start or end of any group; groups may overlap after ALTER ... SHARD DURATION).
            TreeSet<Long> boundaries = new TreeSet<>();
            for (ShardGroup g : groups) {
                boundaries.add(g.startNs());
                boundaries.add(g.endNs());
            }
            Long cut = boundaries.higher(start);
            if (cut != null && cut < end) {
                end = cut;
            }
        }
        return Optional.of(new TimeWindow(start, end));
    }

    /**
     * {@code [start, end)} cut at every shard group boundary inside it, and nothing skipped: the live phase reads near
     * now, where a shard group may have been created a moment ago and not be known yet, so only boundaries are used.
     */
    public static List<TimeWindow> cutAtShardGroups(long start, long end, Optional<List<ShardGroup>> shardGroups) {
        TreeSet<Long> cuts = new TreeSet<>();
        for (ShardGroup g : shardGroups.orElse(List.of())) {
            for (long b : new long[] {g.startNs(), g.endNs()}) {
                if (b > start && b < end) {
                    cuts.add(b);
                }
            }
        }
        List<TimeWindow> out = new ArrayList<>();
        long at = start;
        for (long cut : cuts) {
            out.add(new TimeWindow(at, cut));
            at = cut;
        }
        out.add(new TimeWindow(at, end));
        return out;
    }

    /** All windows of a range (for tests, dry runs and logs). */
    public List<TimeWindow> all(long fromNs, long untilNs, Optional<List<ShardGroup>> shardGroups) {
        List<TimeWindow> out = new ArrayList<>();
        long at = fromNs;
        while (true) {
            Optional<TimeWindow> w = next(at, untilNs, shardGroups);
            if (w.isEmpty()) {
                return out;
            }
            out.add(w.get());
            at = w.get().endNs();
        }
    }

    /** End of the grid cell holding t: the next multiple of the window after t, saturating at Long.MAX_VALUE. */
    long gridEnd(long t) {
        // Computed as t + distance so that it cannot underflow near Long.MIN_VALUE (times before 1677).
        long toEnd = windowNs - Math.floorMod(t, windowNs);
        if (t > Long.MAX_VALUE - toEnd) {
            return Long.MAX_VALUE;
        }
        return t + toEnd;
    }
}
