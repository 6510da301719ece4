package io.influxtimescale.source.task;

import java.util.List;

import org.apache.kafka.connect.source.SourceRecord;

/**
 * One phase of a task's life (backfill now; a live follower later), run by the {@link TaskCoordinator} in order, the
 * way Debezium runs snapshot then streaming. A phase owns its queries and offsets while it runs.
 */
public interface Phase extends AutoCloseable {
    /** Records to send now; empty when there is nothing at the moment. Never blocks for long. */
    List<SourceRecord> poll() throws InterruptedException;

    /** True when the phase has nothing left to do (the coordinator then moves to the next phase). */
    boolean finished();

    String name();

    @Override
    void close();
}
