package io.influxtimescale.source.task;

import java.util.Map;

import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.offsets.SourceOffset;
import io.influxtimescale.source.offsets.SourcePartitions;

/**
 * The state of one container (or one slice of a container's backfill) inside a task, shared by the phases that read
 * it (the backfill, then the live phase and reconciliation together): its offset as it stands, and what of it has
 * been handed to Connect.
 */
public final class ContainerProgress {
    final Container container;
    /** Null for a container; the slice for a slice of its backfill (its own source partition and offset). */
    final SourcePartitions.Slice slice;
    /** The source partition its records carry. */
    final Map<String, Object> partition;
    /** Null until the container's range is known (stored offset, or first point found). */
    SourceOffset offset;
    /** The offset last carried by a record (data or heartbeat) of this container, or the one loaded at start. */
    SourceOffset persisted;
    long persistedAtMs;

    public ContainerProgress(Container container, SourceOffset stored) {
        this(container, null, stored);
    }

    private ContainerProgress(Container container, SourcePartitions.Slice slice, SourceOffset stored) {
        this.container = container;
        this.slice = slice;
        this.partition = slice == null ? SourcePartitions.of(container) : SourcePartitions.of(slice);
        this.offset = stored;
        this.persisted = stored;
    }

    /** A slice of a container's backfill, from its stored offset or, new, its whole range. */
    public static ContainerProgress ofSlice(SourcePartitions.Slice slice, SourceOffset stored, long fromNs,
                                            long untilNs) {
        ContainerProgress p = new ContainerProgress(slice.container(), slice, stored);
        if (stored == null) {
            p.offset = SourceOffset.backfill(fromNs, untilNs, fromNs);
        }
        return p;
    }

    public boolean isSlice() {
        return slice != null;
    }

    /** The container, or the slice, for messages. */
    String label() {
        return slice == null ? container.toString() : slice.toString();
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
