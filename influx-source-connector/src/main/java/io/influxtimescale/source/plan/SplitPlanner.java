package io.influxtimescale.source.plan;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.offsets.SourceOffset;

/**
 * Decides whether a container's backfill is read in slices by all tasks. Only with more than one task, and only what
 * is left to read: a container whose stored offset is live is done; a stored backfill splits from where it stands
 * (so raising tasks.max mid-backfill spreads the rest); a new container splits from its first point. Splitting pays
 * only when more than one slice left holds data, that is overlaps a shard group of the retention policy (a span of
 * years whose data sits in one week is not worth splitting; without shard group information the span decides).
 */
public final class SplitPlanner {
    private final long sliceNs;
    private final int tasks;

    /** @param sliceNs the slice width (a multiple of the window), 0 to never split */
    public SplitPlanner(long sliceNs, int tasks) {
        this.sliceNs = sliceNs;
        this.tasks = tasks;
    }

    public boolean splits() {
        return sliceNs > 0 && tasks > 1;
    }

    /**
     * @param stored     the container's stored offset, or null
     * @param untilNs    the backfill end for a container without an offset
     * @param firstPoint the start of a new container's backfill (backfill.from, or its first point), asked only when
     *                   needed; empty when it holds nothing to backfill
     */
    public Optional<SplitContainer> decide(Container c, SourceOffset stored, long untilNs,
                                           Supplier<OptionalLong> firstPoint, Optional<List<ShardGroup>> shardGroups) {
        if (!splits()) {
            return Optional.empty();
        }
        long from;
        long until;
        if (stored != null) {
            if (stored.isLive() || stored.backfillDone()) {
                return Optional.empty();
            }
            from = stored.completedUntilNs();
            until = stored.untilNs();
        } else {
            OptionalLong first = firstPoint.get();
            if (first.isEmpty()) {
                return Optional.empty();
            }
            from = first.getAsLong();
            until = untilNs;
        }
        SplitContainer split = new SplitContainer(c, Math.min(from, until), until, sliceNs);
        long withData = split.slices().stream().filter(s -> shardGroups.isEmpty() || shardGroups.get().stream()
                .anyMatch(g -> g.startNs() < s.endNs() && g.endNs() > s.startNs())).count();
        return withData > 1 ? Optional.of(split) : Optional.empty();
    }
}
