package io.influxtimescale.cli.cutover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.influxtimescale.cli.status.ContainerProgress;
import io.influxtimescale.source.plan.InfluxTime;
import io.influxtimescale.source.plan.TimeFormat;

/**
 * The cutover decision, as pure logic over what status and verify found: every container's backfill complete, the
 * target following new writes with a live lag below the threshold, every connector and task running, and verify
 * matching. Everything that is missing is listed, not just the first thing.
 *
 * <p>Without a live phase (source mode {@code backfill}) TimescaleDB does not receive what is written to InfluxDB
 * after the backfill: that blocks the cutover unless the operator says, with {@code --no-live}, that InfluxDB no
 * longer receives writes.
 */
public final class CutoverGate {
    private final Duration maxLag;
    private final boolean noLive;

    public CutoverGate(Duration maxLag, boolean noLive) {
        this.maxLag = maxLag;
        this.noLive = noLive;
    }

    /** What the backfill, live and running checks find missing ({@code nowNs}: the time to measure lag at). */
    public List<String> missing(List<ContainerProgress> containers, String sourceMode, List<String> notRunning,
                                long nowNs) {
        List<String> out = new ArrayList<>(notRunning);
        if (containers.isEmpty()) {
            out.add("the source has no containers yet (no task has been assigned any)");
        }
        for (ContainerProgress p : containers) {
            if (!p.backfillDone()) {
                out.add(p.container() + ": backfill " + String.format("%.1f%%", p.percentDone()) + " done"
                        + (p.pending() ? " (no offset committed yet)" : " (complete until "
                        + TimeFormat.format(p.offset().completedUntilNs()) + " of "
                        + TimeFormat.format(p.offset().untilNs()) + ")"));
            }
        }
        if (noLive) {
            return out;
        }
        if ("backfill".equals(sourceMode)) {
            out.add("the source runs in mode 'backfill': TimescaleDB does not receive what is written to InfluxDB "
                    + "after the backfill. Deploy it with source.mode backfill+live, or pass --no-live once InfluxDB "
                    + "receives no more writes");
            return out;
        }
        for (ContainerProgress p : containers) {
            if (!p.backfillDone()) {
                continue; // already listed; the live phase starts after the backfill
            }
            Long lag = p.liveLagNs(nowNs);
            if (lag == null) {
                out.add(p.container() + ": no live phase yet (its offset has no " + "watermark_ns); new writes are "
                        + "not followed. Pass --no-live if InfluxDB receives no more writes");
            } else if (lag > maxLag.toNanos()) {
                out.add(p.container() + ": live lag " + human(lag) + " is above --max-lag " + human(maxLag.toNanos())
                        + " (read up to " + TimeFormat.format(p.watermarkNs()) + ")");
            }
        }
        return out;
    }

    /** Points stamped less than this ahead of now may still be on their way through the live phase. */
    public static final long NEAR_FUTURE_NS = 60_000_000_000L;

    /**
     * The time ranges verify compares: everything InfluxDB can hold, from its first point to its last, future
     * included, except, with a live phase, the band the live phase is reading right now: from the lowest watermark to
     * a minute past now (the lag check bounds that band). Null when some container has no offset yet.
     */
    public static List<long[]> verifyRanges(List<ContainerProgress> containers, long nowNs, boolean live) {
        if (containers.isEmpty()) {
            return null;
        }
        long lowestWatermark = Long.MAX_VALUE;
        for (ContainerProgress p : containers) {
            if (p.pending()) {
                return null;
            }
            lowestWatermark = Math.min(lowestWatermark, p.watermarkNs() != null ? p.watermarkNs()
                    : p.offset().completedUntilNs());
        }
        List<long[]> ranges = new ArrayList<>();
        if (!live) {
            ranges.add(new long[] {InfluxTime.MIN_NS, InfluxTime.END_NS});
            return ranges;
        }
        long bandEnd = InfluxTime.plus(nowNs, NEAR_FUTURE_NS);
        if (InfluxTime.MIN_NS < lowestWatermark) {
            ranges.add(new long[] {InfluxTime.MIN_NS, lowestWatermark});
        }
        ranges.add(new long[] {Math.max(bandEnd, lowestWatermark), InfluxTime.END_NS});
        return ranges;
    }

    static String human(long ns) {
        Duration d = Duration.ofNanos(ns);
        if (d.toMinutes() >= 120) {
            return d.toHours() + "h" + (d.toMinutesPart() > 0 ? d.toMinutesPart() + "m" : "");
        }
        if (d.getSeconds() >= 120) {
            return d.toMinutes() + "m" + (d.toSecondsPart() > 0 ? d.toSecondsPart() + "s" : "");
        }
        if (d.toMillis() >= 10_000) {
            return d.getSeconds() + "s";
        }
        return ns >= 1_000_000 ? d.toMillis() + "ms" : ns >= 1_000 ? (ns / 1_000) + "us" : ns + "ns";
    }
}
