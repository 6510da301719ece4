package io.influxtimescale.cli.status;

import java.util.LinkedHashMap;
import java.util.Map;

import io.influxtimescale.source.offsets.InvalidOffsetException;
import io.influxtimescale.source.offsets.OffsetLoader;
import io.influxtimescale.source.offsets.SourceOffset;

/**
 * Reads one committed source offset for the CLI: the backfill part strictly, with the connector's own
 * {@link OffsetLoader}, and the live part (issue 6) leniently: {@code {"phase": "live", ..., "watermark_ns": ...}},
 * where {@code watermark_ns} is the time up to which live writes have been read. An offset without it has no live
 * phase yet. The loader of this connector version knows only the backfill phase, so the live fields are taken off
 * before it sees the offset; a live offset's backfill is complete by definition ({@code completed_until_ns ==
 * until_ns}), which the loader still checks.
 */
public final class OffsetReading {
    public static final String WATERMARK_NS = "watermark_ns";
    public static final String LIVE = "live";

    private OffsetReading() {
    }

    public static ContainerProgress read(io.influxtimescale.source.discovery.Container container,
                                         Map<String, Object> raw) {
        Object phase = raw.get(SourceOffset.PHASE);
        Object watermark = raw.get(WATERMARK_NS);
        Map<String, Object> backfill = new LinkedHashMap<>(raw);
        backfill.remove(WATERMARK_NS);
        if (LIVE.equals(phase)) {
            backfill.put(SourceOffset.PHASE, SourceOffset.Phase.BACKFILL.wire());
        }
        SourceOffset offset = OffsetLoader.load(backfill);
        if (LIVE.equals(phase) && !offset.backfillDone()) {
            throw new InvalidOffsetException("a live offset must have completed_until_ns == until_ns, got " + offset);
        }
        Long watermarkNs = watermark instanceof Number ? ((Number) watermark).longValue() : null;
        return new ContainerProgress(container, offset, phase instanceof String ? (String) phase : offset.phase()
                .wire(), watermarkNs);
    }
}
