package io.influxtimescale.source.task;

import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.offsets.SourceOffset;

/** The backfill state of one container inside a task: its offset and what of it has been handed to Connect. */
final class ContainerProgress {
    final Container container;
    /** Null until the container's range is known (stored offset, or first point found). */
    SourceOffset offset;
    /** The offset last carried by a record (data or heartbeat) of this container, or the one loaded at start. */
    SourceOffset persisted;
    long persistedAtMs;

    ContainerProgress(Container container, SourceOffset stored) {
        this.container = container;
        this.offset = stored;
        this.persisted = stored;
    }

    boolean initialized() {
        return offset != null;
    }

    void markPersisted(SourceOffset o, long nowMs) {
        persisted = o;
        persistedAtMs = nowMs;
    }
}
