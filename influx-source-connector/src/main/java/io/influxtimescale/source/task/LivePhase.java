package io.influxtimescale.source.task;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.influx.InfluxException;
import io.influxtimescale.source.influx.InfluxQl;
import io.influxtimescale.source.plan.InfluxTime;
import io.influxtimescale.source.plan.TimeWindow;
import io.influxtimescale.source.plan.WindowPlanner;
import io.influxtimescale.source.reconcile.ReadTally;

/**
 * Follows new writes of the containers whose backfill is complete, in rounds started every {@code live.poll.interval}.
 *
 * <p>A round reads, per container, from its watermark up to {@code hi} = now minus {@code live.safety.delay}. Every
 * {@code live.lateness.sweep.interval} a round also makes a trailing read, from the sweep mark up to
 * {@code hi - live.lateness}: every range is read once as soon as it is written and once more when it is older than
 * the lateness, so a point written at most that late is read by the second read at the latest (it was written before
 * {@code its time + lateness < hi + safety delay = now}). The re-reads cost one more read of everything, spread evenly
 * (a re-read of the whole lateness window each time would come in bursts: measured, it tripled the p99 lag). Reading
 * a range again is harmless: the sink upserts. Containers of one retention policy that start at the same time are read
 * together by one query ({@link LiveQueryGroups}); a container far behind (after downtime, or new) catches up alone,
 * at most {@code window.duration} per read, and joins the others once it reaches them.
 *
 * <p>Offsets: data records carry the container's offset from before the read; when a read ends, the watermark (or, for
 * a trailing read, the sweep mark, together with the field values it read added to the container's tallies) moves to
 * its end and is stored with a heartbeat at most every {@code heartbeat.interval.ms}. A restart re-reads at most that
 * interval, and no late point is lost across it.
 */
public final class LivePhase implements Phase {
    private static final Logger LOG = LoggerFactory.getLogger(LivePhase.class);
    private static final long NS_PER_MS = 1_000_000L;

    /** One query of a round: some containers of one retention policy over one time range. */
    private record LiveRead(String database, String retentionPolicy, List<Container> members, TimeWindow window,
                            boolean sweep) {
    }

    private record Policy(String database, String retentionPolicy) {
        FieldTypeCache.Policy key() {
            return new FieldTypeCache.Policy(database, retentionPolicy);
        }
    }

    /** Containers of one retention policy read over the same range: they share queries. */
    private record Bucket(Policy policy, long startNs, long endNs) {
    }

    private final PhaseTools tools;
    private final LongSupplier clock;
    private final ReadFailures failures;
    private final long latenessNs;
    private final long safetyNs;
    private final long windowNs;
    private final long pollIntervalMs;
    private final long sweepIntervalMs;

    private final Map<Container, ContainerProgress> containers = new TreeMap<>();
    private final Set<Container> readAlone = new HashSet<>();
    private final Set<Container> convertedOnce = new HashSet<>();
    private final Set<Container> newFieldOnce = new HashSet<>();
    /** Read alone, taking fields SHOW FIELD KEYS did not list even after a refresh (typed by the answer). */
    private final Set<Container> acceptUnknownFields = new HashSet<>();
    private boolean typesExact = true;

    private final Deque<LiveRead> pending = new ArrayDeque<>();
    private LiveRead read;
    /** Read by stop() on another thread, to close a blocked read. */
    private volatile LiveReader reader;
    /** Per member of a trailing read: what it emitted, for the tallies. */
    private final Map<Container, ReadTally> readTallies = new HashMap<>();
    private boolean roundIsSweep;
    private long nextRoundAtMs;
    private long nextSweepAtMs;
    private volatile boolean stopping;

    /** Read by metrics reporters on other threads. */
    private volatile long oldestWatermarkNs = Long.MAX_VALUE;
    private volatile int followed;

    private long rounds;
    private long queries;

    public LivePhase(PhaseTools tools) {
        this.tools = tools;
        this.clock = tools.clock;
        this.failures = tools.failures(LOG);
        var config = tools.config;
        this.latenessNs = config.liveLatenessNs();
        this.safetyNs = config.liveSafetyDelayNs();
        this.windowNs = config.windowNs();
        this.pollIntervalMs = Math.max(1, config.livePollIntervalNs() / NS_PER_MS);
        this.sweepIntervalMs = Math.max(1, config.liveSweepIntervalNs() / NS_PER_MS);
    }

    /** The lateness the trailing reads honour; a container handed over by its backfill starts its sweep mark that early. */
    public long latenessNs() {
        return latenessNs;
    }

    /**
     * Starts following a container from its live offset: stored ({@code stored}), or new (handed over by its finished
     * backfill, or the start of mode 'live'), in which case the first read stores it at once.
     */
    public void follow(ContainerProgress p, boolean stored) {
        if (!p.offset.isLive()) {
            throw new IllegalArgumentException(p.container + " is not live: " + p.offset);
        }
        if (!stored) {
            p.persisted = null;
        }
        containers.put(p.container, p);
        followed = containers.size();
        oldestWatermarkNs = Math.min(oldestWatermarkNs, p.offset.watermarkNs());
        LOG.info("following {} from {}", p.container, p.offset);
    }

    @Override
    public String name() {
        return "live";
    }

    /** Following never ends; the task stops it. */
    @Override
    public boolean finished() {
        return false;
    }

    /** Milliseconds until this phase has work again (0: now). */
    public long idleMs() {
        long now = clock.getAsLong();
        if (containers.isEmpty()) {
            return pollIntervalMs; // nothing handed over yet: do not spin
        }
        if (read != null || !pending.isEmpty()) {
            return failures.msUntilRetry();
        }
        return Math.max(failures.msUntilRetry(), Math.max(0, nextRoundAtMs - now));
    }

    @Override
    public List<SourceRecord> poll() {
        List<SourceRecord> out = new ArrayList<>();
        long now = clock.getAsLong();
        if (containers.isEmpty() || failures.waiting()) {
            return out;
        }
        PollBudget budget = new PollBudget();
        try {
            if (read == null && pending.isEmpty()) {
                if (now < nextRoundAtMs) {
                    return out;
                }
                planRound(now);
            }
            while (!stopping && !budget.full()) {
                if (read == null) {
                    if (pending.isEmpty()) {
                        finishRound();
                        break;
                    }
                    startRead(pending.peekFirst());
                }
                LiveReader.Part part = reader.next();
                if (part != null) {
                    ContainerProgress owner = containers.get(part.container());
                    out.add(tools.records.data(owner, part.window(), owner.offset));
                    budget.spent(part.window());
                    ReadTally tally = readTallies.get(part.container());
                    if (tally != null) {
                        tally.add(part.window());
                    }
                    continue;
                }
                finishRead(out);
            }
        } catch (LiveReader.SchemaChanged e) {
            closeRead();
            onSchemaChanged(e);
        } catch (InfluxException e) {
            if (!stopping) {
                handleFailure(e);
            }
        }
        return out;
    }

    private void planRound(long nowMs) {
        roundIsSweep = nowMs >= nextSweepAtMs;
        long hi = nowMs * NS_PER_MS - safetyNs;
        // Containers that start at the same time in one retention policy share queries.
        Map<Bucket, List<Container>> forward = new LinkedHashMap<>();
        Map<Bucket, List<Container>> trailing = new LinkedHashMap<>();
        for (ContainerProgress p : containers.values()) {
            Container c = p.container;
            Policy policy = new Policy(c.database(), c.retentionPolicy());
            long wm = p.offset.watermarkNs();
            if (wm < hi) {
                forward.computeIfAbsent(new Bucket(policy, wm, Math.min(hi, plusWindow(wm))),
                        k -> new ArrayList<>()).add(c);
            }
            // The trailing read: what is now older than the lateness, read again (never past the watermark).
            long swept = p.offset.sweptUntilNs();
            long trailEnd = Math.min(Math.min(wm, InfluxTime.minus(hi, latenessNs)), plusWindow(swept));
            if (roundIsSweep && swept < trailEnd) {
                trailing.computeIfAbsent(new Bucket(policy, swept, trailEnd), k -> new ArrayList<>()).add(c);
            }
        }
        boolean behind = false;
        for (Map.Entry<Bucket, List<Container>> b : forward.entrySet()) {
            behind |= b.getKey().endNs() < hi;
            plan(b.getKey(), b.getValue(), false);
        }
        trailing.forEach((bucket, members) -> plan(bucket, members, true));
        // Behind: go on at once; else wait for the next interval (measured from this round's start).
        nextRoundAtMs = behind ? nowMs : nowMs + pollIntervalMs;
        rounds++;
    }

    /** Queues the reads of one bucket: per query group, per shard group. */
    private void plan(Bucket bucket, List<Container> members, boolean trailingRead) {
        Policy policy = bucket.policy();
        Map<String, Map<String, Set<FieldType>>> types = tools.fieldTypes.ofPolicy(policy.key());
        List<TimeWindow> pieces = WindowPlanner.cutAtShardGroups(bucket.startNs(), bucket.endNs(),
                tools.shardGroups.of(policy.database(), policy.retentionPolicy()));
        for (List<Container> group : LiveQueryGroups.plan(members, c -> types.getOrDefault(c.measurement(), Map.of()),
                typesExact, readAlone)) {
            for (TimeWindow piece : pieces) {
                pending.add(new LiveRead(policy.database(), policy.retentionPolicy(), group, piece, trailingRead));
            }
        }
    }

    /** At most one window.duration per read, so a container far behind catches up in steps. */
    private long plusWindow(long t) {
        return InfluxTime.plus(t, windowNs);
    }

    private void startRead(LiveRead r) {
        List<String> names = new ArrayList<>(r.members().size());
        Map<String, Container> byMeasurement = new HashMap<>();
        for (Container c : r.members()) {
            names.add(c.measurement());
            byMeasurement.put(c.measurement(), c);
        }
        String q = InfluxQl.selectAllFields(r.database(), r.retentionPolicy(), names, r.window().startNs(),
                r.window().endNs());
        Policy policy = new Policy(r.database(), r.retentionPolicy());
        Map<String, Map<String, Set<FieldType>>> types = tools.fieldTypes.ofPolicy(policy.key());
        readTallies.clear();
        if (r.sweep()) {
            for (Container c : r.members()) {
                readTallies.put(c, tools.tallying.start(containers.get(c)));
            }
        }
        reader = new LiveReader(tools.client.query(r.database(), q, tools.config.queryChunkSize()), byMeasurement,
                c -> types.getOrDefault(c.measurement(), Map.of()), acceptUnknownFields, r.window(),
                tools.config.maxPointsPerRecord(), tools.config.maxRecordBytes());
        read = r;
        queries++;
    }

    private void finishRead(List<SourceRecord> out) {
        for (Container c : read.members()) {
            ContainerProgress p = containers.get(c);
            long watermark = read.sweep() ? p.offset.watermarkNs()
                    : Math.max(p.offset.watermarkNs(), read.window().endNs());
            long swept = read.sweep() ? Math.max(p.offset.sweptUntilNs(), read.window().endNs())
                    : p.offset.sweptUntilNs();
            if (read.sweep()) {
                tools.tallying.apply(p, read.window(), readTallies.get(c));
            }
            p.offset = p.offset.withWatermark(watermark, Math.min(swept, watermark));
            tools.heartbeats.maybe(p, out, false);
        }
        newFieldOnce.removeAll(read.members());
        convertedOnce.removeAll(read.members());
        pending.removeFirst();
        closeRead();
        failures.onSuccess();
    }

    private void finishRound() {
        updateOldestWatermark(); // once a round: it walks every container
        if (roundIsSweep) {
            nextSweepAtMs = clock.getAsLong() + sweepIntervalMs;
        }
        if (rounds % 1000 == 0) {
            LOG.info("live: {} rounds, {} queries so far; {} containers, largest lag {} ms", rounds, queries,
                    containers.size(), maxLagMs());
        }
    }

    /** The read found what the known field types do not explain: learn the types again and re-plan the round. */
    private void onSchemaChanged(LiveReader.SchemaChanged e) {
        LiveRead r = pending.peekFirst();
        switch (e.reason) {
            case TYPES_NOT_SHOWN:
                typesExact = false;
                LOG.warn("{}", e.getMessage());
                break;
            case CONVERSION:
                if (!convertedOnce.add(e.container)) {
                    // The fresh types did not explain it either: never group this measurement again.
                    readAlone.add(e.container);
                    LOG.warn("{} is read alone from now on: {}", e.container, e.getMessage());
                } else {
                    LOG.info("re-reading with fresh field types: {}", e.getMessage());
                }
                break;
            default:
                if (!newFieldOnce.add(e.container)) {
                    readAlone.add(e.container);
                    acceptUnknownFields.add(e.container);
                    LOG.warn("{}, even after reading the field keys again; {} is read alone and such fields are typed "
                            + "by the answer", e.getMessage(), e.container);
                } else {
                    LOG.info("new field: {}; re-reading with its type", e.getMessage());
                }
        }
        if (r != null) {
            tools.fieldTypes.invalidate(new FieldTypeCache.Policy(r.database(), r.retentionPolicy()));
        }
        // Reads already done stay done (their watermarks moved); the rest of the round is planned again.
        pending.clear();
        planRound(clock.getAsLong());
    }

    private void handleFailure(InfluxException e) {
        LiveRead r = read != null ? read : pending.peekFirst();
        closeRead();
        String what = "following " + (r == null ? "InfluxDB metadata" : r.members().size() == 1
                ? r.members().get(0).toString() : r.members().size() + " measurements of " + r.database() + "."
                + r.retentionPolicy());
        failures.onFailure(e, what, r == null ? null : r.members().get(0), r == null ? null : r.window(),
                r != null && r.members().size() > 1 ? " (the query read " + r.members().size() + " measurements of "
                        + "this retention policy together)" : "",
                "The task resumes at the stored watermark after a restart.");
    }

    private void updateOldestWatermark() {
        long oldest = Long.MAX_VALUE;
        for (ContainerProgress p : containers.values()) {
            oldest = Math.min(oldest, p.offset.watermarkNs());
        }
        oldestWatermarkNs = oldest;
    }

    /**
     * How far the oldest watermark trails now, in ms (0 without containers): an upper bound of how late a point
     * written now reaches Kafka. Safe to call from any thread.
     */
    public long maxLagMs() {
        long oldest = oldestWatermarkNs;
        if (oldest == Long.MAX_VALUE) {
            return 0;
        }
        return Math.max(0, (clock.getAsLong() * NS_PER_MS - oldest) / NS_PER_MS);
    }

    /** Safe to call from any thread. */
    public int containerCount() {
        return followed;
    }

    private void closeRead() {
        LiveReader r = reader;
        if (r != null) {
            r.close();
            reader = null;
        }
        read = null;
        readTallies.clear();
    }

    /** Called from the task's stop(), on another thread: makes a blocked read return. */
    public void requestStop() {
        stopping = true;
        LiveReader r = reader;
        if (r != null) {
            r.close();
        }
    }

    @Override
    public void close() {
        stopping = true;
        closeRead();
    }
}
