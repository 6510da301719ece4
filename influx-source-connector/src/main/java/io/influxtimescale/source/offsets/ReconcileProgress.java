package io.influxtimescale.source.offsets;

/**
 * Where reconciliation of one container stands, kept in its offset so that a restart continues the cycle instead of
 * starting it again, and so that {@code itc status} can say what has been checked.
 *
 * @param cycleStartedMs  wall-clock start of the cycle in progress (0: none in progress)
 * @param cursorNs        data time up to which the cycle in progress has compared (and re-read what differed)
 * @param reconciledAtMs  wall-clock start of the last complete cycle (0: never): every point written to InfluxDB
 *                        before this moment has been emitted
 * @param pending         cells found to differ that are not re-read yet
 * @param extraValues     field values that reconciliation found emitted but no longer in InfluxDB (deleted there
 *                        after they were copied), summed over all cycles; TimescaleDB still holds them
 * @param extraAtNs       start of the latest cell where such values were found (meaningful when extraValues > 0)
 */
public record ReconcileProgress(long cycleStartedMs, long cursorNs, long reconciledAtMs, long pending,
                                long extraValues, long extraAtNs) {
    public static final ReconcileProgress NEVER = new ReconcileProgress(0, Long.MIN_VALUE, 0, 0, 0, 0);

    public ReconcileProgress {
        if (cycleStartedMs < 0 || reconciledAtMs < 0 || pending < 0 || extraValues < 0) {
            throw new InvalidOffsetException("reconciliation fields must not be negative: cycle started "
                    + cycleStartedMs + ", reconciled at " + reconciledAtMs + ", pending " + pending + ", extra "
                    + extraValues);
        }
    }

    public boolean cycleRunning() {
        return cycleStartedMs > 0;
    }

    public boolean everReconciled() {
        return reconciledAtMs > 0;
    }

    public ReconcileProgress startCycle(long nowMs, long fromNs) {
        return new ReconcileProgress(nowMs, fromNs, reconciledAtMs, 0, extraValues, extraAtNs);
    }

    public ReconcileProgress advanceTo(long ns) {
        return new ReconcileProgress(cycleStartedMs, Math.max(cursorNs, ns), reconciledAtMs, pending, extraValues,
                extraAtNs);
    }

    public ReconcileProgress withPending(long cells) {
        return new ReconcileProgress(cycleStartedMs, cursorNs, reconciledAtMs, cells, extraValues, extraAtNs);
    }

    public ReconcileProgress withExtra(long values, long atNs) {
        return new ReconcileProgress(cycleStartedMs, cursorNs, reconciledAtMs, pending, extraValues + values, atNs);
    }

    /**
     * A re-read was asked for: the next cycle starts at once, and until it completes nothing vouches for the
     * container (values found extra stay reported).
     */
    public ReconcileProgress restart() {
        return new ReconcileProgress(0, Long.MIN_VALUE, 0, 0, extraValues, extraAtNs);
    }

    /** The cycle reached the end: everything written before it started is emitted. */
    public ReconcileProgress completeCycle() {
        return new ReconcileProgress(0, Long.MIN_VALUE, cycleStartedMs, 0, extraValues, extraAtNs);
    }
}
