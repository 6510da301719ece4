package io.influxtimescale.source.offsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.influxtimescale.source.discovery.Container;

class OffsetLoaderTest {
    @Test
    void roundTrips() {
        SourceOffset o = SourceOffset.backfill(-10, 100, 40);
        assertThat(OffsetLoader.load(o.toMap())).isEqualTo(o);
    }

    @Test
    void acceptsIntegersWrittenByHand() {
        Map<String, Object> m = new HashMap<>(SourceOffset.backfill(0, 100, 0).toMap());
        m.put(SourceOffset.COMPLETED_UNTIL_NS, 50);
        assertThat(OffsetLoader.load(m).completedUntilNs()).isEqualTo(50);
    }

    @Test
    void rejectsWrongTypesUnknownKeysAndImpossibleRanges() {
        Map<String, Object> m = new HashMap<>(SourceOffset.backfill(0, 100, 0).toMap());
        m.put(SourceOffset.COMPLETED_UNTIL_NS, "50");
        assertThatThrownBy(() -> OffsetLoader.load(m)).isInstanceOf(InvalidOffsetException.class)
                .hasMessageContaining("completed_until_ns").hasMessageContaining("integer");

        Map<String, Object> extra = new HashMap<>(SourceOffset.backfill(0, 100, 0).toMap());
        extra.put("cursor", 1L);
        assertThatThrownBy(() -> OffsetLoader.load(extra)).hasMessageContaining("unknown offset field 'cursor'");

        Map<String, Object> missing = new HashMap<>(SourceOffset.backfill(0, 100, 0).toMap());
        missing.remove(SourceOffset.UNTIL_NS);
        assertThatThrownBy(() -> OffsetLoader.load(missing)).hasMessageContaining("until_ns");

        Map<String, Object> beyond = new HashMap<>(SourceOffset.backfill(0, 100, 0).toMap());
        beyond.put(SourceOffset.COMPLETED_UNTIL_NS, 101L);
        assertThatThrownBy(() -> OffsetLoader.load(beyond)).hasMessageContaining("outside");

        Map<String, Object> phase = new HashMap<>(SourceOffset.backfill(0, 100, 0).toMap());
        phase.put(SourceOffset.PHASE, "streaming");
        assertThatThrownBy(() -> OffsetLoader.load(phase)).hasMessageContaining("phase");

        Map<String, Object> version = new HashMap<>(SourceOffset.backfill(0, 100, 0).toMap());
        version.put(SourceOffset.V, 2);
        assertThatThrownBy(() -> OffsetLoader.load(version)).hasMessageContaining("version 2");
    }

    @Test
    void liveOffsetsRoundTripAndNeedACompleteBackfill() {
        SourceOffset live = SourceOffset.backfill(-10, 100, 100).toLive(30).withWatermark(250, 200);
        assertThat(live.toMap()).containsEntry(SourceOffset.PHASE, "live").containsEntry(SourceOffset.WATERMARK_NS,
                250L).containsEntry(SourceOffset.SWEPT_UNTIL_NS, 200L);
        assertThat(OffsetLoader.load(live.toMap())).isEqualTo(live);
        assertThat(live.progressNs()).isEqualTo(250);

        Map<String, Object> incomplete = new HashMap<>(live.toMap());
        incomplete.put(SourceOffset.COMPLETED_UNTIL_NS, 50L);
        assertThatThrownBy(() -> OffsetLoader.load(incomplete)).isInstanceOf(InvalidOffsetException.class)
                .hasMessageContaining("complete backfill");

        Map<String, Object> noWatermark = new HashMap<>(live.toMap());
        noWatermark.remove(SourceOffset.WATERMARK_NS);
        assertThatThrownBy(() -> OffsetLoader.load(noWatermark)).hasMessageContaining("watermark_ns");

        Map<String, Object> sweptAhead = new HashMap<>(live.toMap());
        sweptAhead.put(SourceOffset.SWEPT_UNTIL_NS, 300L);
        assertThatThrownBy(() -> OffsetLoader.load(sweptAhead)).hasMessageContaining("swept_until_ns");

        Map<String, Object> backfillWithWatermark = new HashMap<>(SourceOffset.backfill(0, 100, 0).toMap());
        backfillWithWatermark.put(SourceOffset.WATERMARK_NS, 5L);
        assertThatThrownBy(() -> OffsetLoader.load(backfillWithWatermark))
                .hasMessageContaining("unknown offset field 'watermark_ns' in a backfill offset");
    }

    @Test
    void aFinishedBackfillHandsOverAtItsEnd() {
        SourceOffset live = SourceOffset.backfill(0, 100, 100).toLive(30);
        assertThat(live.isLive()).isTrue();
        assertThat(live.watermarkNs()).isEqualTo(100);
        assertThat(live.sweptUntilNs()).as("the trailing re-read starts one lateness before the backfill end")
                .isEqualTo(70);
    }

    @Test
    void rereadingARangeOfALiveContainerIsABackfillUpToItsWatermark() {
        SourceOffset live = SourceOffset.backfill(0, 100, 100).toLive(30).withWatermark(500, 460);
        assertThat(live.rereadFrom(250)).isEqualTo(SourceOffset.backfill(0, 500, 250));
        assertThat(live.rereadFrom(-50)).isEqualTo(SourceOffset.backfill(-50, 500, -50));
        assertThat(SourceOffset.backfill(0, 100, 80).rereadFrom(30)).isEqualTo(SourceOffset.backfill(0, 100, 30));
        assertThat(SourceOffset.backfill(0, 100, 80).rereadFrom(90)).isEqualTo(SourceOffset.backfill(0, 100, 80));
    }

    @Test
    void partitionsNeedExactlyTheThreeNames() {
        Container c = new Container("db", "rp", "m.x");
        assertThat(SourcePartitions.load(SourcePartitions.of(c))).isEqualTo(c);
        assertThatThrownBy(() -> SourcePartitions.load(Map.of("database", "db", "measurement", "m")))
                .isInstanceOf(InvalidOffsetException.class).hasMessageContaining("retention_policy");
        assertThatThrownBy(() -> SourcePartitions.load(Map.of("database", "db", "retention_policy", 1,
                "measurement", "m"))).hasMessageContaining("non-empty string");
    }
}
