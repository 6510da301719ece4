package io.influxtimescale.source.offsets;

import java.util.Map;
import java.util.Set;

/**
 * Turns stored (or user-PATCHed) offset maps into {@link SourceOffset}, validating every field: unknown keys, a
 * missing field, a wrong type or an impossible range fail with a message naming the field, rather than a task
 * silently resuming from a wrong place.
 */
public final class OffsetLoader {
    /** Reconciliation's keys: optional in both phases (offsets written before it existed have none). */
    private static final Set<String> TALLY_KEYS = Set.of(SourceOffset.TALLY_CELL_NS, SourceOffset.TALLIES,
            SourceOffset.TALLY_UNTIL_NS, SourceOffset.TALLY_PARTIAL);
    private static final Set<String> RECONCILE_KEYS = Set.of(SourceOffset.RECONCILE_CYCLE_STARTED_MS,
            SourceOffset.RECONCILE_CURSOR_NS, SourceOffset.RECONCILED_AT_MS, SourceOffset.RECONCILE_PENDING,
            SourceOffset.EXTRA_VALUES, SourceOffset.EXTRA_AT_NS);
    private static final Set<String> BACKFILL_KEYS = union(Set.of(SourceOffset.V, SourceOffset.PHASE,
            SourceOffset.FROM_NS, SourceOffset.UNTIL_NS, SourceOffset.COMPLETED_UNTIL_NS, SourceOffset.SLICE_NS));
    private static final Set<String> LIVE_KEYS = union(Set.of(SourceOffset.V, SourceOffset.PHASE,
            SourceOffset.FROM_NS, SourceOffset.UNTIL_NS, SourceOffset.COMPLETED_UNTIL_NS, SourceOffset.WATERMARK_NS,
            SourceOffset.SWEPT_UNTIL_NS));

    private static Set<String> union(Set<String> phaseKeys) {
        Set<String> all = new java.util.HashSet<>(phaseKeys);
        all.addAll(TALLY_KEYS);
        all.addAll(RECONCILE_KEYS);
        return Set.copyOf(all);
    }

    private OffsetLoader() {
    }

    public static SourceOffset load(Map<String, ?> offset) {
        if (offset == null) {
            throw new InvalidOffsetException("offset is missing");
        }
        long version = integral(offset, SourceOffset.V);
        if (version != SourceOffset.VERSION) {
            throw new InvalidOffsetException("offset version " + version + " is not supported (this connector "
                    + "writes version " + SourceOffset.VERSION + ")");
        }
        Object phase = offset.get(SourceOffset.PHASE);
        if (!(phase instanceof String)) {
            throw new InvalidOffsetException("offset field '" + SourceOffset.PHASE + "' must be a string, got "
                    + phase);
        }
        SourceOffset.Phase p = SourceOffset.Phase.fromWire((String) phase);
        Set<String> keys = p == SourceOffset.Phase.LIVE ? LIVE_KEYS : BACKFILL_KEYS;
        for (String key : offset.keySet()) {
            if (!keys.contains(key)) {
                throw new InvalidOffsetException("unknown offset field '" + key + "' in a " + p.wire()
                        + " offset; expected " + new java.util.TreeSet<>(keys));
            }
        }
        SourceOffset o = loadPhase(offset, p);
        return o.withTallies(tallies(offset)).withReconcile(reconcile(offset));
    }

    private static SourceOffset loadPhase(Map<String, ?> offset, SourceOffset.Phase p) {
        long from = integral(offset, SourceOffset.FROM_NS);
        long until = integral(offset, SourceOffset.UNTIL_NS);
        long completed = integral(offset, SourceOffset.COMPLETED_UNTIL_NS);
        if (p == SourceOffset.Phase.LIVE) {
            SourceOffset backfill = SourceOffset.backfill(from, until, completed); // checks the range first
            if (!backfill.backfillDone()) {
                throw new InvalidOffsetException("a live offset needs a complete backfill: "
                        + SourceOffset.COMPLETED_UNTIL_NS + " " + completed + " must equal " + SourceOffset.UNTIL_NS
                        + " " + until);
            }
            return SourceOffset.live(from, until, integral(offset, SourceOffset.WATERMARK_NS),
                    integral(offset, SourceOffset.SWEPT_UNTIL_NS));
        }
        SourceOffset backfill = SourceOffset.backfill(from, until, completed);
        return offset.containsKey(SourceOffset.SLICE_NS) ? backfill.withSliceNs(integral(offset, SourceOffset.SLICE_NS))
                : backfill;
    }

    private static CellTallies tallies(Map<String, ?> offset) {
        boolean any = false;
        for (String k : TALLY_KEYS) {
            any |= offset.containsKey(k);
        }
        if (!any) {
            return null;
        }
        Object text = offset.get(SourceOffset.TALLIES);
        if (!(text instanceof String)) {
            throw new InvalidOffsetException("offset field '" + SourceOffset.TALLIES + "' must be a string, got "
                    + text);
        }
        boolean partial = offset.containsKey(SourceOffset.TALLY_UNTIL_NS);
        if (partial != offset.containsKey(SourceOffset.TALLY_PARTIAL)) {
            throw new InvalidOffsetException("offset fields '" + SourceOffset.TALLY_UNTIL_NS + "' and '"
                    + SourceOffset.TALLY_PARTIAL + "' go together");
        }
        return CellTallies.decode(integral(offset, SourceOffset.TALLY_CELL_NS), (String) text,
                partial ? integral(offset, SourceOffset.TALLY_UNTIL_NS) : Long.MIN_VALUE,
                partial ? integral(offset, SourceOffset.TALLY_PARTIAL) : 0);
    }

    private static ReconcileProgress reconcile(Map<String, ?> offset) {
        boolean any = false;
        for (String k : RECONCILE_KEYS) {
            any |= offset.containsKey(k);
        }
        if (!any) {
            return ReconcileProgress.NEVER;
        }
        return new ReconcileProgress(integral(offset, SourceOffset.RECONCILE_CYCLE_STARTED_MS),
                integral(offset, SourceOffset.RECONCILE_CURSOR_NS), integral(offset, SourceOffset.RECONCILED_AT_MS),
                integral(offset, SourceOffset.RECONCILE_PENDING), integral(offset, SourceOffset.EXTRA_VALUES),
                integral(offset, SourceOffset.EXTRA_AT_NS));
    }

    private static long integral(Map<String, ?> offset, String key) {
        Object v = offset.get(key);
        // The JSON offset store gives back Long (or Integer for small numbers written by hand); nothing else fits.
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        throw new InvalidOffsetException("offset field '" + key + "' must be an integer, got "
                + (v == null ? "nothing" : v + " (" + v.getClass().getSimpleName() + ")"));
    }
}
