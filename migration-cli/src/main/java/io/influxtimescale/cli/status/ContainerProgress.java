package io.influxtimescale.cli.status;

import java.util.List;

import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.offsets.SourceOffset;

/**
 * How far one container's backfill is, as its committed source offset says; a container assigned to a task that has
 * committed no offset yet is pending (no offset, 0 %).
 */
public final class ContainerProgress {
    private final Container container;
    private final SourceOffset offset;
    /** The offsets of the slices other tasks read its backfill in, when it is split (empty otherwise). */
    private final List<SourceOffset> slices;

    public ContainerProgress(Container container, SourceOffset offset) {
        this(container, offset, List.of());
    }

    private ContainerProgress(Container container, SourceOffset offset, List<SourceOffset> slices) {
        this.container = container;
        this.offset = offset;
        this.slices = List.copyOf(slices);
    }

    /** This container's progress with the offsets of its backfill's slices. */
    public ContainerProgress withSlices(List<SourceOffset> sliceOffsets) {
        return new ContainerProgress(container, offset, sliceOffsets);
    }

    /** Slices of its backfill that have an offset, and how many of those are complete; empty when not split. */
    public int[] slicesDone() {
        int done = 0;
        for (SourceOffset s : slices) {
            done += s.backfillDone() ? 1 : 0;
        }
        return new int[] {done, slices.size()};
    }

    public boolean split() {
        return offset != null && offset.sliceNs() > 0 && !offset.backfillDone();
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
        if (split()) {
            // Slices run in parallel: count what each has read, beyond the part complete without a gap.
            for (SourceOffset s : slices) {
                if (s.fromNs() >= offset.completedUntilNs()) {
                    done += (double) s.completedUntilNs() - (double) s.fromNs();
                }
            }
        }
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
