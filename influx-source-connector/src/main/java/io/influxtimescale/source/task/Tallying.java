package io.influxtimescale.source.task;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.source.config.InfluxSourceConfig;
import io.influxtimescale.source.offsets.CellTallies;
import io.influxtimescale.source.plan.CellGrid;
import io.influxtimescale.source.plan.TimeWindow;
import io.influxtimescale.source.reconcile.ReadTally;
import io.influxtimescale.source.reconcile.ReconcileScope;

/**
 * Keeps each container's {@link CellTallies} up to date as the reads that observe it go by: every backfill window and
 * every trailing read of the live phase (forward live reads are read again by the trailing read, so they are not
 * counted), and reconciliation's re-reads.
 */
final class Tallying {
    private static final Logger LOG = LoggerFactory.getLogger(Tallying.class);

    private final CellGrid grid;
    private final InfluxSourceConfig config;

    Tallying(CellGrid grid, InfluxSourceConfig config) {
        this.grid = grid;
        this.config = config;
    }

    /** The container's tallies; empty when it has none, or ones counted on another grid (window.duration changed). */
    CellTallies current(ContainerProgress p) {
        CellTallies t = p.offset == null ? null : p.offset.tallies();
        if (t != null && t.grid().equals(grid)) {
            return t;
        }
        if (t != null) {
            LOG.warn("{}: its tallies were counted in cells of {} ns, window.duration is now {} ns; they are dropped, so "
                    + "the next reconciliation reads the container once more", p.container, t.cellNs(), grid.widthNs());
            p.offset = p.offset.withTallies(null);
        }
        return CellTallies.empty(grid.widthNs());
    }

    ReconcileScope scope(ContainerProgress p) {
        return ReconcileScope.of(config, p.offset);
    }

    ReadTally start(ContainerProgress p) {
        return new ReadTally(grid, scope(p), current(p));
    }

    /** The read of {@code window} ended: what it counted becomes part of the container's tallies. */
    void apply(ContainerProgress p, TimeWindow window, ReadTally tally) {
        p.offset = p.offset.withTallies(current(p).applyRead(window.startNs(), window.endNs(), tally.countsByCell()));
    }

    CellGrid grid() {
        return grid;
    }
}
