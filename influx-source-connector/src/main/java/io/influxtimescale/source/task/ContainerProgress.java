package io.influxtimescale.source.task;

import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.offsets.SourceOffset;

/**
 * The state of one container inside a task, shared by the phases that read it (the backfill, then the live phase and
 * reconciliation together): its offset as it stands, and what of it has been handed to Connect.
 */
public final class ContainerProgress {
    final Container container;
    /** Null until the container's range is known (stored offset, or first point found). */
    SourceOffset offset;
    /** The offset last carried by a record (data or heartbeat) of this container, or the one loaded at start. */
    SourceOffset persisted;
    long persistedAtMs;

    public ContainerProgress(Container container, SourceOffset stored) {
        this.container = container;
        this.offset = stored;
        this.persisted = stored;
    }

    public Container container() {
        return container;
    }

    public SourceOffset offset() {
        return offset;
    }

    /** Turns a container whose backfill is complete live (the next live read stores the live offset at once). */
    public void startLive(SourceOffset liveOffset) {
        if (!liveOffset.isLive()) {
            throw new IllegalArgumentException(container + ": not a live offset: " + liveOffset);
        }
        offset = liveOffset;
    }

    boolean initialized() {
        return offset != null;
    }

    void markPersisted(SourceOffset o, long nowMs) {
        persisted = o;
        persistedAtMs = nowMs;
    }
}
