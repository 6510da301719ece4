package io.influxtimescale.source.reconcile;

import io.influxtimescale.source.config.InfluxSourceConfig;
import io.influxtimescale.source.offsets.SourceOffset;
import io.influxtimescale.source.plan.InfluxTime;

/**
 * The time range of a container that must end up complete, which reconciliation compares and the tallies count:
 * {@code backfill.from} if set, else everything before (history loaded later behind the first point counts too),
 * except in mode {@code live}, which wants nothing before the connector's first start (the offset's {@code from_ns});
 * up to {@code backfill.until} in mode {@code backfill} when it is set, else everything after, future included.
 */
public record ReconcileScope(long startNs, long endNs) {
    public static final ReconcileScope ALL = new ReconcileScope(InfluxTime.MIN_NS, InfluxTime.END_NS);

    public static ReconcileScope of(InfluxSourceConfig config, SourceOffset offset) {
        long start = config.backfillFromNs().orElse(
                !config.backfillEnabled() && offset != null ? offset.fromNs() : InfluxTime.MIN_NS);
        long end = !config.liveEnabled() ? config.backfillUntilNs().orElse(InfluxTime.END_NS) : InfluxTime.END_NS;
        return new ReconcileScope(start, Math.max(start, end));
    }

    public long clampStart(long t) {
        return Math.max(t, startNs);
    }

    public long clampEnd(long t) {
        return Math.min(t, endNs);
    }
}
