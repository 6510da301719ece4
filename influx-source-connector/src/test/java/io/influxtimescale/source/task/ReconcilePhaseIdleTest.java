package io.influxtimescale.source.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** When a reconciling task may sleep: it must not spin while the query share holds the next count back. */
class ReconcilePhaseIdleTest {
    private static final long NOW = 1_000_000L;

    @Test
    void aRunningCycleWaitsForTheQueryShare() {
        // a cycle runs (next cycle "due" = 0) and the last count took 100 ms at share 0.05: 1.9 s to wait
        assertEquals(1_900, ReconcilePhase.msUntilCount(NOW, NOW + 1_900, 0));
    }

    @Test
    void noCycleRunningWaitsForTheNextCycle() {
        assertEquals(60_000, ReconcilePhase.msUntilCount(NOW, NOW - 5, NOW + 60_000));
        assertEquals(60_000, ReconcilePhase.msUntilCount(NOW, NOW + 1_000, NOW + 60_000));
    }

    @Test
    void workDueNowDoesNotWait() {
        assertEquals(0, ReconcilePhase.msUntilCount(NOW, NOW - 5, 0));
        assertEquals(0, ReconcilePhase.msUntilCount(NOW, 0, NOW - 1));
    }
}
