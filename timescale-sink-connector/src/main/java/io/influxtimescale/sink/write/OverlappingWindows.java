package io.influxtimescale.sink.write;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.influxtimescale.contract.SeriesKey;
import io.influxtimescale.contract.SeriesWindow;

/**
 * The windows of a flush whose rows may repeat a key. Every layout keys a row by its series (or a field of it) and
 * time, so only windows of the same series whose time ranges overlap can: a record re-read by reconciliation or
 * re-sent after a restart, next to the first copy. Usually there are none, and all rows go straight to their
 * table's buffer without a hash table of keys.
 */
final class OverlappingWindows {
    private static final Comparator<SeriesWindow> BY_FIRST_TIME = Comparator.comparingLong(w -> w.timeAt(0));

    private OverlappingWindows() {
    }

    /** The windows (by identity) that share a series with another window whose time range overlaps theirs. */
    static Set<SeriesWindow> of(List<SeriesWindow> windows) {
        Set<SeriesWindow> out = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<SeriesKey, List<SeriesWindow>> bySeries = new HashMap<>();
        boolean repeated = false;
        for (SeriesWindow w : windows) {
            if (w.size() == 0) {
                continue;
            }
            List<SeriesWindow> same = bySeries.computeIfAbsent(w.series(), s -> new ArrayList<>(1));
            same.add(w);
            repeated |= same.size() > 1;
        }
        if (!repeated) {
            return out;
        }
        for (List<SeriesWindow> same : bySeries.values()) {
            if (same.size() < 2) {
                continue;
            }
            List<SeriesWindow> sorted = new ArrayList<>(same);
            sorted.sort(BY_FIRST_TIME);
            long lastTime = Long.MIN_VALUE;
            boolean overlap = false;
            for (SeriesWindow w : sorted) {
                if (w.timeAt(0) <= lastTime) {
                    overlap = true;
                    break;
                }
                lastTime = w.timeAt(w.size() - 1);
            }
            if (overlap) {
                out.addAll(same); // all of this series' windows: their order decides which write wins
            }
        }
        return out;
    }
}
