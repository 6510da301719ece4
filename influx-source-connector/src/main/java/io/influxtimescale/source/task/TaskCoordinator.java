package io.influxtimescale.source.task;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a task's phases one after the other and idles once all of them are finished. */
public final class TaskCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskCoordinator.class);
    private static final long IDLE_SLEEP_MS = 1_000;

    private final Deque<Phase> phases;
    private boolean announcedIdle;

    public TaskCoordinator(List<Phase> phases) {
        this.phases = new ArrayDeque<>(phases);
    }

    public List<SourceRecord> poll() throws InterruptedException {
        while (!phases.isEmpty()) {
            Phase phase = phases.peekFirst();
            List<SourceRecord> records = phase.poll();
            if (!records.isEmpty()) {
                return records;
            }
            if (!phase.finished()) {
                return records;
            }
            LOG.info("phase {} finished", phase.name());
            phase.close();
            phases.removeFirst();
        }
        if (!announcedIdle) {
            announcedIdle = true;
            LOG.info("all phases finished; this task has nothing more to read");
        }
        // Nothing left: do not spin the task thread (Connect calls poll() again immediately).
        Thread.sleep(IDLE_SLEEP_MS);
        return null;
    }

    @Override
    public void close() {
        for (Phase p : phases) {
            p.close();
        }
        phases.clear();
    }
}
