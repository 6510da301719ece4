package io.influxtimescale.source.reconcile;

import java.util.List;

import io.influxtimescale.source.plan.TimeWindow;

/**
 * One comparison of reconciliation: InfluxDB's {@code count(*)} over {@code [startNs, endNs)} (queried piece by piece,
 * each piece inside one shard group, where every field has one type) against what the source emitted there.
 *
 * @param resumeAtNs where the cycle's cursor goes once this step and its re-reads are done
 */
public record ReconcileStep(Kind kind, long startNs, long endNs, List<TimeWindow> pieces, long resumeAtNs) {
    public enum Kind {
        /** Whole cells with complete tallies: counted per cell, each compared with its tally. */
        CELLS,
        /** The live phase's partial cell up to its partial mark: one count against the partial tally. */
        PARTIAL,
        /** Ahead of the live watermark to the end of its cell (points stamped in the near future): re-read if any. */
        AHEAD
    }
}
