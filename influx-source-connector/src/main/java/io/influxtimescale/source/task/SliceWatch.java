package io.influxtimescale.source.task;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.source.offsets.CellTallies;
import io.influxtimescale.source.offsets.InvalidOffsetException;
import io.influxtimescale.source.offsets.OffsetLoader;
import io.influxtimescale.source.offsets.SourceOffset;
import io.influxtimescale.source.offsets.SourcePartitions;
import io.influxtimescale.source.plan.SplitContainer;
import io.influxtimescale.source.plan.TimeWindow;

/**
 * Where the task a split container was dealt to waits while all tasks read its slices. Every 2 s it reads the slices'
 * committed offsets (its own slices' progress from memory) and moves the container's {@code completed_until} to the
 * end of the slices complete without a gap, so status shows progress; once every slice is complete, it merges the
 * slices' tallies into the container's and hands the container over like a finished backfill: to the live phase and
 * reconciliation, which stay with this one task.
 */
public final class SliceWatch implements Phase {
    private static final Logger LOG = LoggerFactory.getLogger(SliceWatch.class);
    private static final long CHECK_EVERY_MS = 2_000;

    private record Watched(ContainerProgress home, SplitContainer split) {
    }

    private final PhaseTools tools;
    private final Function<List<Map<String, Object>>, Map<Map<String, Object>, Map<String, Object>>> committed;
    private final Map<SourcePartitions.Slice, ContainerProgress> ownSlices;
    private final Consumer<ContainerProgress> onComplete;
    private final List<Watched> watched = new ArrayList<>();
    private long nextCheckAtMs;

    /**
     * @param committed reads committed offsets of partitions (the task's offset storage reader)
     * @param ownSlices this task's slices, whose progress is in memory before it is committed
     */
    public SliceWatch(PhaseTools tools,
                      Function<List<Map<String, Object>>, Map<Map<String, Object>, Map<String, Object>>> committed,
                      Map<SourcePartitions.Slice, ContainerProgress> ownSlices, Consumer<ContainerProgress> onComplete) {
        this.tools = tools;
        this.committed = committed;
        this.ownSlices = ownSlices;
        this.onComplete = onComplete;
    }

    /** Waits for the slices of a container dealt to this task; its offset says it is read in slices. */
    public void watch(ContainerProgress home, SplitContainer split) {
        SourceOffset o = home.offset != null ? home.offset
                : SourceOffset.backfill(split.fromNs(), split.untilNs(), split.fromNs());
        home.offset = o.withSliceNs(split.sliceNs());
        watched.add(new Watched(home, split));
        LOG.info("{} is read in {} slices by all tasks; this task follows it once they are complete", home.label(),
                split.slices().size());
    }

    public int waiting() {
        return watched.size();
    }

    @Override
    public String name() {
        return "slices";
    }

    @Override
    public boolean finished() {
        return watched.isEmpty();
    }

    long idleMs() {
        return watched.isEmpty() ? Long.MAX_VALUE : Math.max(0, nextCheckAtMs - tools.clock.getAsLong());
    }

    @Override
    public List<SourceRecord> poll() {
        List<SourceRecord> out = new ArrayList<>();
        long now = tools.clock.getAsLong();
        if (watched.isEmpty() || now < nextCheckAtMs) {
            return out;
        }
        nextCheckAtMs = now + CHECK_EVERY_MS;
        for (Iterator<Watched> it = watched.iterator(); it.hasNext(); ) {
            Watched w = it.next();
            if (check(w, out)) {
                it.remove();
            }
        }
        return out;
    }

    /** True when every slice of the container is complete (it has been handed over). */
    private boolean check(Watched w, List<SourceRecord> out) {
        List<TimeWindow> slices = w.split.slices();
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (TimeWindow s : slices) {
            partitions.add(SourcePartitions.of(slice(w, s)));
        }
        Map<Map<String, Object>, Map<String, Object>> stored = committed.apply(partitions);
        long prefixEnd = w.split.fromNs();
        boolean gap = false;
        CellTallies tallies = tools.tallying.current(w.home);
        for (int i = 0; i < slices.size(); i++) {
            SourceOffset o = offsetOf(slice(w, slices.get(i)), stored == null ? null : stored.get(partitions.get(i)));
            if (o == null || !o.backfillDone()) {
                gap = true;
                continue;
            }
            if (!gap) {
                prefixEnd = slices.get(i).endNs();
            }
            if (o.tallies() != null && o.tallies().grid().equals(tools.grid)) {
                tallies = tallies.merged(o.tallies());
            }
        }
        ContainerProgress home = w.home;
        if (!gap) {
            home.offset = home.offset.withCompletedUntil(home.offset.untilNs()).withTallies(tallies);
            tools.heartbeats.maybe(home, out, true);
            LOG.info("every slice of {} is complete: {}", home.label(), home.offset);
            onComplete.accept(home);
            return true;
        }
        if (prefixEnd > home.offset.completedUntilNs()) {
            home.offset = home.offset.withCompletedUntil(prefixEnd);
        }
        tools.heartbeats.maybe(home, out, false);
        return false;
    }

    private static SourcePartitions.Slice slice(Watched w, TimeWindow s) {
        return new SourcePartitions.Slice(w.home.container, w.split.sliceStartOf(s.startNs()));
    }

    private SourceOffset offsetOf(SourcePartitions.Slice slice, Map<String, Object> stored) {
        ContainerProgress own = ownSlices.get(slice);
        if (own != null) {
            return own.offset;
        }
        if (stored == null) {
            return null;
        }
        try {
            return OffsetLoader.load(stored);
        } catch (InvalidOffsetException e) {
            LOG.warn("the stored offset of {} is not valid ({}); waiting for its task to write a valid one", slice,
                    e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
    }
}
