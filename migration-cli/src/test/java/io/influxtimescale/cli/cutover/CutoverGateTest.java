package io.influxtimescale.cli.cutover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.influxtimescale.cli.status.ContainerProgress;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.offsets.OffsetLoader;
import io.influxtimescale.source.plan.InfluxTime;
import org.junit.jupiter.api.Test;

/** The gate on offsets as the source commits them (backfill, and the live format of issue 6). */
class CutoverGateTest {
    private static final long S = 1_000_000_000L;
    private static final long NOW = 1_700_000_000L * S;
    private static final Container CPU = new Container("telegraf", "autogen", "cpu");
    private static final Container MEM = new Container("telegraf", "autogen", "mem");
    private final CutoverGate gate = new CutoverGate(Duration.ofSeconds(30), false);

    @Test
    void passesWhenEveryContainerIsLiveWithinTheLagLimit() {
        List<ContainerProgress> cs = List.of(live(CPU, NOW - 10 * S), live(MEM, NOW - 30 * S));

        assertThat(gate.missing(cs, "backfill+live", List.of(), NOW)).isEmpty();
        // Everything InfluxDB can hold but the live band: up to the lowest watermark, and from a minute ahead on.
        assertThat(CutoverGate.verifyRanges(cs, NOW, true)).containsExactly(
                new long[] {InfluxTime.MIN_NS, NOW - 30 * S}, new long[] {NOW + 60 * S, InfluxTime.END_NS});
        assertThat(CutoverGate.verifyRanges(cs, NOW, false)).containsExactly(
                new long[] {InfluxTime.MIN_NS, InfluxTime.END_NS});
    }

    @Test
    void listsEveryContainerWhoseLagIsTooHighOrThatHasNoLivePhaseYet() {
        List<ContainerProgress> cs = List.of(live(CPU, NOW - 31 * S), backfill(MEM, 100 * S, 100 * S));

        List<String> missing = gate.missing(cs, "backfill+live", List.of(), NOW);

        assertThat(missing).containsExactly(
                "\"telegraf\".\"autogen\".\"cpu\": live lag 31s is above --max-lag 30s (read up to "
                        + "2023-11-14T22:12:49Z)",
                "\"telegraf\".\"autogen\".\"mem\": no live phase yet (its offset has no watermark_ns); new writes "
                        + "are not followed. Pass --no-live if InfluxDB receives no more writes");
    }

    @Test
    void listsIncompleteBackfillsWithHowFarTheyAreAndNotRunningTasks() {
        List<ContainerProgress> cs = List.of(backfill(CPU, 25 * S, 100 * S), live(MEM, NOW));

        List<String> missing = gate.missing(cs, "backfill+live", List.of("connector 'timescale-sink' is FAILED"), NOW);

        assertThat(missing).containsExactly("connector 'timescale-sink' is FAILED",
                "\"telegraf\".\"autogen\".\"cpu\": backfill 25.0% done (complete until 1970-01-01T00:00:25Z of "
                        + "1970-01-01T00:01:40Z)");
        assertThat(CutoverGate.verifyRanges(cs, NOW, true)).containsExactly(
                new long[] {InfluxTime.MIN_NS, 25 * S}, new long[] {NOW + 60 * S, InfluxTime.END_NS});
    }

    @Test
    void aBackfillOnlySourceBlocksUnlessTheOperatorSaysThereAreNoMoreWrites() {
        List<ContainerProgress> cs = List.of(backfill(CPU, 100 * S, 100 * S));

        assertThat(gate.missing(cs, "backfill", List.of(), NOW)).singleElement().asString()
                .startsWith("the source runs in mode 'backfill': TimescaleDB does not receive what is written");
        assertThat(new CutoverGate(Duration.ofSeconds(30), true).missing(cs, "backfill", List.of(), NOW)).isEmpty();
        assertThat(new CutoverGate(Duration.ofSeconds(30), true).missing(List.of(), "backfill", List.of(), NOW))
                .containsExactly("the source has no containers yet (no task has been assigned any)");
    }

    @Test
    void aPendingContainerBlocksAndLeavesNoVerifyRange() {
        List<ContainerProgress> cs = List.of(ContainerProgress.pending(CPU));

        assertThat(gate.missing(cs, "backfill+live", List.of(), NOW)).containsExactly(
                "\"telegraf\".\"autogen\".\"cpu\": backfill 0.0% done (no offset committed yet)");
        assertThat(CutoverGate.verifyRanges(cs, NOW, true)).isNull();
    }

    @Test
    void liveOffsetsGiveTheLagAndAreCheckedByTheConnectorsLoader() {
        ContainerProgress p = live(CPU, NOW - 5 * S);
        assertThat(p.phase()).isEqualTo("live");
        assertThat(p.backfillDone()).isTrue();
        assertThat(p.liveLagNs(NOW)).isEqualTo(5 * S);

        Map<String, Object> broken = offset("live", 0, 100 * S, 50 * S);
        broken.put("watermark_ns", NOW);
        broken.put("swept_until_ns", 100 * S);
        assertThatThrownBy(() -> read(CPU, broken)).hasMessageContaining("completed_until_ns");
    }

    private static ContainerProgress live(Container c, long watermarkNs) {
        Map<String, Object> raw = offset("live", 0, 100 * S, 100 * S);
        raw.put("watermark_ns", watermarkNs);
        raw.put("swept_until_ns", 100 * S);
        return read(c, raw);
    }

    private static ContainerProgress backfill(Container c, long completedNs, long untilNs) {
        return read(c, offset("backfill", 0, untilNs, completedNs));
    }

    /** As status and cutover read committed offsets: with the connector's own loader. */
    private static ContainerProgress read(Container c, Map<String, Object> raw) {
        return new ContainerProgress(c, OffsetLoader.load(raw));
    }

    private static Map<String, Object> offset(String phase, long from, long until, long completed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("phase", phase);
        m.put("from_ns", from);
        m.put("until_ns", until);
        m.put("completed_until_ns", completed);
        return m;
    }
}
