package io.influxtimescale.source.task;

import java.util.List;
import java.util.function.LongSupplier;

import org.apache.kafka.connect.source.SourceRecord;

/**
 * Stores a container's offset when no data record does: Connect stores source offsets only with records, so progress
 * over empty ranges (and reconciliation's bookkeeping) travels in a heartbeat record on {@code heartbeat.topic}, at
 * most once per {@code heartbeat.interval.ms} per container unless forced (Debezium's heartbeat pattern).
 */
final class OffsetHeartbeats {
    private final RecordFactory records;
    private final long intervalMs;
    private final LongSupplier clock;

    OffsetHeartbeats(RecordFactory records, long intervalMs, LongSupplier clock) {
        this.records = records;
        this.intervalMs = intervalMs;
        this.clock = clock;
    }

    /** Adds a heartbeat carrying the container's offset if it changed since it was last stored and one is due. */
    void maybe(ContainerProgress p, List<SourceRecord> out, boolean force) {
        if (p.offset.equals(p.persisted)) {
            return;
        }
        long now = clock.getAsLong();
        if (force || p.persisted == null || now - p.persistedAtMs >= intervalMs) {
            out.add(records.heartbeat(p, p.offset));
            p.markPersisted(p.offset, now);
        }
    }
}
