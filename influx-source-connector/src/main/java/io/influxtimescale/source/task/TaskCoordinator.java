package io.influxtimescale.source.task;

import java.util.List;

import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task's phases, the way Debezium runs a snapshot and then streaming: the backfill reads history container by
 * container and hands each finished container to the live phase, which follows it from then on, and to
 * reconciliation, which checks it against InfluxDB again and again. Each poll gives the first phase with work the
 * turn: a due live round first (containers already live stay current during a long backfill of others), then
 * reconciliation (a step is small, and re-reads are what repairs data), then the backfill.
 */
public final class TaskCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(TaskCoordinator.class);
    /** Connect calls poll() again at once: wait at most this long for work, so stop() stays prompt. */
    private static final long MAX_WAIT_MS = 100;

    /** Read by requestStop() on another thread. */
    private volatile BackfillPhase backfill;
    private final LivePhase live;
    private final ReconcilePhase reconcile;
    private final SliceWatch slices;

    /**
     * @param backfill null when no container needs one; live null in mode 'backfill'; reconcile null when off;
     *                 slices null when no container dealt to this task is read in slices
     */
    public TaskCoordinator(BackfillPhase backfill, LivePhase live, ReconcilePhase reconcile, SliceWatch slices) {
        this.backfill = backfill;
        this.live = live;
        this.reconcile = reconcile;
        this.slices = slices;
    }

    public List<SourceRecord> poll() throws InterruptedException {
        if (live != null) {
            List<SourceRecord> records = live.poll();
            if (!records.isEmpty()) {
                return records;
            }
        }
        if (reconcile != null) {
            List<SourceRecord> records = reconcile.poll();
            if (!records.isEmpty()) {
                return records;
            }
        }
        if (slices != null) {
            List<SourceRecord> records = slices.poll();
            if (!records.isEmpty()) {
                return records;
            }
        }
        if (backfill != null) {
            List<SourceRecord> records = backfill.poll();
            if (!records.isEmpty()) {
                return records;
            }
            if (backfill.finished()) {
                LOG.info("backfill phase finished{}{}", live == null ? "" : "; following " + live.containerCount()
                        + " containers", reconcile == null ? "" : "; reconciling them");
                backfill.close();
                backfill = null;
            }
        }
        long wait = MAX_WAIT_MS;
        if (live != null) {
            wait = Math.min(wait, live.idleMs());
        }
        if (reconcile != null) {
            wait = Math.min(wait, reconcile.idleMs());
        }
        if (backfill != null) {
            wait = Math.min(wait, backfill.idleMs());
        }
        if (slices != null) {
            wait = Math.min(wait, slices.idleMs());
        }
        if (wait > 0) {
            Thread.sleep(wait);
        }
        return List.of();
    }

    /**
     * Makes a blocked read of any phase return and stops their work; called from the task's stop(), on another
     * thread. poll() is not called again after it.
     */
    public void requestStop() {
        BackfillPhase b = backfill;
        if (b != null) {
            b.requestStop();
        }
        if (live != null) {
            live.requestStop();
        }
        if (reconcile != null) {
            reconcile.requestStop();
        }
    }
}
