package io.influxtimescale.cli.status;

import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.offsets.SourceOffset;

/**
 * How far one container's backfill is, as its committed source offset says; a container assigned to a task that has
 * committed no offset yet is pending (no offset, 0 %).
 */
public final class ContainerProgress {
    private final Container container;
    private final SourceOffset offset;

    public ContainerProgress(Container container, SourceOffset offset) {
        this.container = container;
        this.offset = offset;
    }

    public static ContainerProgress pending(Container container) {
        return new ContainerProgress(container, null);
    }

    /** Up to when the live phase has read new writes (ns), or null when the container has no live phase yet. */
    public Long watermarkNs() {
        return offset != null && offset.isLive() ? offset.watermarkNs() : null;
    }

    /** Live lag at {@code nowNs}: how far behind InfluxDB's newest writes the target can be, or null. */
    public Long liveLagNs(long nowNs) {
        Long watermark = watermarkNs();
        return watermark == null ? null : Math.max(0, nowNs - watermark);
    }

    public boolean pending() {
        return offset == null;
    }

    public Container container() {
        return container;
    }

    /** The committed offset, or {@code null} while pending. */
    public SourceOffset offset() {
        return offset;
    }

    /** Share of the backfill range [from, until) that is complete, 0 to 100. */
    public double percentDone() {
        if (offset == null) {
            return 0.0;
        }
        if (offset.backfillDone()) {
            return 100.0;
        }
        // Subtract in double: the range can span most of the int64 nanosecond range.
        double span = (double) offset.untilNs() - (double) offset.fromNs();
        if (span <= 0) {
            return 100.0;
        }
        double done = (double) offset.completedUntilNs() - (double) offset.fromNs();
        return Math.max(0.0, Math.min(100.0, 100.0 * done / span));
    }

    public boolean backfillDone() {
        return offset != null && offset.backfillDone();
    }

    /**
     * Wall-clock ms of the start of the last complete reconciliation cycle (everything written to InfluxDB before it
     * has been emitted), or null when none completed yet.
     */
    public Long reconciledAtMs() {
        return offset != null && offset.reconcile().everReconciled() ? offset.reconcile().reconciledAtMs() : null;
    }

    /** Cells reconciliation found to differ and has not read again yet. */
    public long pendingCells() {
        return offset == null ? 0 : offset.reconcile().pending();
    }

    /** Field values found deleted in InfluxDB after they were copied (TimescaleDB still holds them). */
    public long extraValues() {
        return offset == null ? 0 : offset.reconcile().extraValues();
    }

    /** Complete: backfill done and, when reconciliation runs, a full cycle since with nothing left to re-read. */
    public boolean complete(boolean reconcileEnabled) {
        return backfillDone() && (!reconcileEnabled || (reconciledAtMs() != null && pendingCells() == 0));
    }

    /** The phase for display: pending, or the offset's phase (backfill, live). */
    public String phase() {
        return offset == null ? "pending" : offset.phase().wire();
    }
}
