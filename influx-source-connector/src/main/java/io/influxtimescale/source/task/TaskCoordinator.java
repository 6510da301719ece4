package io.influxtimescale.source.task;

import java.util.List;

import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task's two phases, the way Debezium runs a snapshot and then streaming: the backfill reads history
 * container by container and hands each finished container to the live phase, which follows it from then on. While
 * both have work, a due live round goes first, so containers already live stay current during a long backfill of
 * others (a measurement found while following, say); the backfill gets the time in between.
 */
public final class TaskCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskCoordinator.class);
    private static final long IDLE_SLEEP_MS = 1_000;
    private static final long LIVE_WAIT_MAX_MS = 100;

    private Phase backfill;
    private final LivePhase live;
    private boolean announcedIdle;

    /** @param backfill null when no container needs one; @param live null in mode 'backfill' */
    public TaskCoordinator(Phase backfill, LivePhase live) {
        this.backfill = backfill;
        this.live = live;
    }

    public List<SourceRecord> poll() throws InterruptedException {
        if (live != null) {
            List<SourceRecord> records = live.poll();
            if (!records.isEmpty()) {
                return records;
            }
        }
        if (backfill != null) {
            List<SourceRecord> records = backfill.poll();
            if (!records.isEmpty() || !backfill.finished()) {
                return records;
            }
            LOG.info("backfill phase finished{}", live == null ? "" : "; following "
                    + live.containerCount() + " containers");
            backfill.close();
            backfill = null;
        }
        if (live != null) {
            // Connect calls poll() again at once: wait for the next round here, briefly, so stop() is prompt.
            long wait = Math.min(live.idleMs(), LIVE_WAIT_MAX_MS);
            if (wait > 0) {
                Thread.sleep(wait);
            }
            return List.of();
        }
        if (!announcedIdle) {
            announcedIdle = true;
            LOG.info("backfill finished and mode is 'backfill': this task has nothing more to read");
        }
        Thread.sleep(IDLE_SLEEP_MS);
        return null;
    }

    @Override
    public void close() {
        if (backfill != null) {
            backfill.close();
            backfill = null;
        }
        if (live != null) {
            live.close();
        }
    }
}
