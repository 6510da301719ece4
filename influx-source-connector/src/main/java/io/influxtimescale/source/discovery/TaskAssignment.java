package io.influxtimescale.source.discovery;

import java.util.ArrayList;
import java.util.List;

/** Deals sorted containers round-robin to at most {@code maxTasks} tasks: same input, same assignment. */
public final class TaskAssignment {
    private TaskAssignment() {
    }

    public static List<List<Container>> assign(List<Container> sorted, int maxTasks) {
        if (sorted.isEmpty()) {
            return List.of();
        }
        int tasks = Math.max(1, Math.min(maxTasks, sorted.size()));
        List<List<Container>> out = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0; i < sorted.size(); i++) {
            out.get(i % tasks).add(sorted.get(i));
        }
        return out;
    }
}
