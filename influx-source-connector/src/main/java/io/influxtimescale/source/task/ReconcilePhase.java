package io.influxtimescale.source.task;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.influx.InfluxException;
import io.influxtimescale.source.influx.InfluxQl;
import io.influxtimescale.source.influx.QueryResponseReader;
import io.influxtimescale.source.offsets.CellTallies;
import io.influxtimescale.source.offsets.ReconcileProgress;
import io.influxtimescale.source.plan.InfluxTime;
import io.influxtimescale.source.plan.ShardGroup;
import io.influxtimescale.source.plan.TimeFormat;
import io.influxtimescale.source.plan.TimeWindow;
import io.influxtimescale.source.reconcile.CountAnswer;
import io.influxtimescale.source.reconcile.ReadTally;
import io.influxtimescale.source.reconcile.ReconcileScope;
import io.influxtimescale.source.reconcile.ReconcileStep;
import io.influxtimescale.source.reconcile.StepPlanner;

/**
 * Anti-entropy: finds what the backfill and the live phase could not see (history loaded behind the reads, points
 * written later than {@code live.lateness}, points stamped in the future) and reads it again.
 *
 * <p>Every {@code reconcile.interval.ms} a cycle walks each container's whole time range, oldest to newest, future
 * included ({@link StepPlanner}), and compares InfluxDB's {@code count(*)} per cell with the container's
 * {@link CellTallies}, the count of what the source emitted there. A cell that differs is read again whole, like a
 * backfill window (the sink upserts, so this is safe), and its tally replaced by what the re-read emitted. A cell where
 * InfluxDB now holds less than was emitted (a delete) is reported as extra: TimescaleDB keeps those values.
 *
 * <p>Cost: the counts cost InfluxDB about a third of reading the same data; they run on a thread of their own (so the
 * live phase is not held up) one step at a time, and after a step whose queries took {@code d}, the next waits
 * {@code d * (1 / reconcile.query.share - 1)}, which bounds the share of time InfluxDB spends on them. Containers of
 * one retention policy whose field types agree share count queries (one per 500 measurements and shard group).
 *
 * <p>Progress is in each container's offset ({@link ReconcileProgress}): a restart resumes the cycle at its cursor.
 * A cursor only passes a step once the step's re-reads are done, so a crash re-compares that step, nothing more.
 */
public final class ReconcilePhase implements Phase {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcilePhase.class);
    /** Cells per CELLS step: 64 days at the default window, a few shard groups. */
    static final int MAX_CELLS_PER_STEP = 64;

    /** A container reconciliation looks after: shared with the live phase when followed (its marks move). */
    private record Tracked(ContainerProgress progress, boolean live) {
    }

    /** A container's part in a step, and what it is to re-read. */
    private static final class Member {
        final Tracked tracked;
        long partialCountAtCount;
        Member(Tracked tracked) {
            this.tracked = tracked;
        }
    }

    /** The step being compared (counts in flight) or repaired (re-reads queued). */
    private static final class Step {
        final ReconcileStep step;
        final String database;
        final String retentionPolicy;
        final List<Member> members;
        Future<Map<String, Map<Long, Long>>> counts;
        long countStartedMs;

        Step(ReconcileStep step, String database, String retentionPolicy, List<Member> members) {
            this.step = step;
            this.database = database;
            this.retentionPolicy = retentionPolicy;
            this.members = members;
        }
    }

    /** One cell or range of one container to read again, piece by piece. */
    private static final class Reread {
        final Member member;
        final ReconcileStep.Kind kind;
        final long cell;
        final List<TimeWindow> pieces;
        final ReadTally tally;
        int piece;

        Reread(Member member, ReconcileStep.Kind kind, long cell, List<TimeWindow> pieces, ReadTally tally) {
            this.member = member;
            this.kind = kind;
            this.cell = cell;
            this.pieces = pieces;
            this.tally = tally;
        }
    }

    private final PhaseTools tools;
    private final StepPlanner planner;
    private final long intervalMs;
    private final double share;
    private final ReadFailures failures;
    private final Map<Container, Tracked> tracked = new TreeMap<>();
    /** Without SHOW SHARDS: one past each container's last point, found when its cycle starts. */
    private final Map<Container, Long> lastNs = new HashMap<>();
    private final ExecutorService counter;

    private Step step;
    private final Deque<Reread> rereads = new ArrayDeque<>();
    private Reread reread;
    /** Read by stop() on another thread, to close a blocked read. */
    private volatile WindowReader reader;
    private volatile QueryResponseReader countReader;
    private long nextCountAtMs;
    private volatile boolean stopping;

    /** Read by metrics on other threads. */
    private volatile long pendingCells;
    private volatile long oldestReconciledAtMs;
    private volatile long extraValues;
    private volatile int tracking;

    private long cellsCompared;
    private long cellsReread;

    public ReconcilePhase(PhaseTools tools) {
        this.tools = tools;
        this.planner = new StepPlanner(tools.grid, MAX_CELLS_PER_STEP);
        this.intervalMs = Math.max(1, tools.config.reconcileIntervalMs());
        this.share = tools.config.reconcileQueryShare();
        this.failures = tools.failures(LOG);
        this.counter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "influx-source-reconcile-count");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Takes a container over once its backfill is complete. {@code live}: the live phase follows it (its trailing
     * read owns the partial cell); otherwise nothing reads it any more, and its partial tally is final.
     */
    public void track(ContainerProgress p, boolean live) {
        if (!live && p.offset.tallies() != null && p.offset.tallies().hasPartial()) {
            p.offset = p.offset.withTallies(tools.tallying.current(p).closePartial());
        }
        tracked.put(p.container, new Tracked(p, live));
        tracking = tracked.size();
        updateMetrics();
    }

    @Override
    public String name() {
        return "reconcile";
    }

    /** Reconciliation never ends; the task stops it. */
    @Override
    public boolean finished() {
        return false;
    }

    /** Milliseconds until this phase has work again (0: now). */
    public long idleMs() {
        if (tracked.isEmpty()) {
            return Long.MAX_VALUE;
        }
        if (reread != null || !rereads.isEmpty()) {
            return failures.msUntilRetry();
        }
        if (step != null) {
            return step.counts != null && !step.counts.isDone() ? 50 : 0;
        }
        return Math.max(failures.msUntilRetry(), msUntilCount(tools.clock.getAsLong(), nextCountAtMs,
                nextCycleAtMs()));
    }

    /**
     * Milliseconds until the next count query may start: poll() starts one only once the query share allows it
     * ({@code nextCountAtMs}) and a cycle is running or due ({@code nextCycleAtMs}, 0 while one runs), so the later of
     * the two. (The earlier of the two made a running cycle's task spin through empty polls, a core's worth of CPU,
     * for all the time the query share keeps it waiting.)
     */
    static long msUntilCount(long nowMs, long nextCountAtMs, long nextCycleAtMs) {
        return Math.max(0, Math.max(nextCountAtMs, nextCycleAtMs) - nowMs);
    }

    @Override
    public List<SourceRecord> poll() {
        List<SourceRecord> out = new ArrayList<>();
        if (tracked.isEmpty() || failures.waiting() || stopping) {
            return out;
        }
        try {
            if (reread != null || !rereads.isEmpty()) {
                streamRereads(out);
            } else if (step != null) {
                compareWhenCounted(out);
            } else if (tools.clock.getAsLong() >= nextCountAtMs) {
                startCycles(out);
                planStep(out);
            }
        } catch (InfluxException e) {
            if (!stopping) {
                handleFailure(e);
            }
        }
        return out;
    }

    // ---- cycles ----------------------------------------------------------------------------------------------------

    /** When the next cycle of a container without one becomes due. */
    private long nextCycleAtMs() {
        long next = Long.MAX_VALUE;
        for (Tracked t : tracked.values()) {
            ReconcileProgress r = t.progress.offset.reconcile();
            if (r.cycleRunning()) {
                return 0;
            }
            next = Math.min(next, r.everReconciled() ? r.reconciledAtMs() + intervalMs : 0);
        }
        return next;
    }

    /**
     * Starts a cycle for every container whose next one is due; those due within half an interval start with them, so
     * that containers handed over at different moments end up sharing count queries.
     */
    private void startCycles(List<SourceRecord> out) {
        long now = tools.clock.getAsLong();
        boolean anyDue = false;
        for (Tracked t : tracked.values()) {
            ReconcileProgress r = t.progress.offset.reconcile();
            anyDue |= !r.cycleRunning() && (!r.everReconciled() || now >= r.reconciledAtMs() + intervalMs);
        }
        if (!anyDue) {
            return;
        }
        // Fresh metadata for a new cycle: shard groups created since, and field types (grouped counts need them).
        tools.shardGroups.refresh();
        for (Tracked t : tracked.values()) {
            tools.fieldTypes.invalidate(FieldTypeCache.Policy.of(t.progress.container));
        }
        for (Tracked t : tracked.values()) {
            ContainerProgress p = t.progress;
            ReconcileProgress r = p.offset.reconcile();
            if (r.cycleRunning() || (r.everReconciled() && now + intervalMs / 2 < r.reconciledAtMs() + intervalMs)) {
                continue;
            }
            ReconcileScope scope = tools.tallying.scope(p);
            long from = scope.startNs();
            if (shardGroupsOf(p.container).isEmpty()) {
                // Without shard groups the walk is bounded by the container's first and last points.
                OptionalLong first = tools.discovery.firstPointTime(p.container, scope.startNs(), InfluxTime.END_NS);
                OptionalLong last = tools.discovery.lastPointTime(p.container, scope.startNs());
                from = first.isPresent() ? Math.max(scope.startNs(), tools.grid.start(tools.grid.cellOf(
                        first.getAsLong()))) : InfluxTime.END_NS;
                lastNs.put(p.container, last.isPresent() ? InfluxTime.plus(last.getAsLong(), 1) : from);
            }
            p.offset = p.offset.withReconcile(r.startCycle(now, from));
            LOG.debug("reconciliation cycle of {} starts", p.container);
            tools.heartbeats.maybe(p, out, false);
        }
    }

    // ---- steps -----------------------------------------------------------------------------------------------------

    /** Picks the next step: the first container's next comparison, shared by every container planned the same. */
    private void planStep(List<SourceRecord> out) {
        Map<List<Object>, List<Member>> sameStep = new LinkedHashMap<>();
        Map<List<Object>, ReconcileStep> steps = new HashMap<>();
        for (Tracked t : tracked.values()) {
            ContainerProgress p = t.progress;
            ReconcileProgress r = p.offset.reconcile();
            if (!r.cycleRunning()) {
                continue;
            }
            Optional<ReconcileStep> next = planner.next(r.cursorNs(), marks(t), tools.tallying.scope(p),
                    shardGroupsOf(p.container), lastNs.getOrDefault(p.container, InfluxTime.END_NS));
            if (next.isEmpty()) {
                completeCycle(p, out);
                continue;
            }
            ReconcileStep s = next.get();
            List<Object> key = List.of(p.container.database(), p.container.retentionPolicy(), s.kind(), s.startNs(),
                    s.endNs());
            sameStep.computeIfAbsent(key, k -> new ArrayList<>()).add(new Member(t));
            steps.put(key, s);
        }
        if (sameStep.isEmpty()) {
            return;
        }
        Map.Entry<List<Object>, List<Member>> first = sameStep.entrySet().iterator().next();
        ReconcileStep s = steps.get(first.getKey());
        List<Member> members = first.getValue();
        Container any = members.get(0).tracked.progress.container;
        Step planned = new Step(s, any.database(), any.retentionPolicy(), members);
        for (Member m : members) {
            if (s.kind() == ReconcileStep.Kind.PARTIAL) {
                m.partialCountAtCount = tools.tallying.current(m.tracked.progress).partialCount();
            }
        }
        if (s.pieces().isEmpty()) {
            step = planned;
            finishStep(out); // no shard group in the range: nothing can be there
            return;
        }
        List<List<String>> groups = new ArrayList<>();
        for (List<Container> g : LiveQueryGroups.plan(members.stream().map(m -> m.tracked.progress.container)
                        .toList(), tools.fieldTypes::ofMeasurement, true, java.util.Set.of())) {
            groups.add(g.stream().map(Container::measurement).toList());
        }
        planned.countStartedMs = tools.clock.getAsLong();
        planned.counts = counter.submit(() -> count(planned, groups));
        step = planned;
    }

    /** Runs on the count thread: the step's count queries, one per measurement group and piece. */
    private Map<String, Map<Long, Long>> count(Step s, List<List<String>> groups) {
        Map<String, Map<Long, Long>> into = new HashMap<>();
        for (List<String> measurements : groups) {
            for (TimeWindow piece : s.step.pieces()) {
                String q = s.step.kind() == ReconcileStep.Kind.CELLS
                        ? InfluxQl.countPerCell(s.database, s.retentionPolicy, measurements, piece.startNs(),
                        piece.endNs(), tools.grid.widthNs())
                        : InfluxQl.countRange(s.database, s.retentionPolicy, measurements, piece.startNs(),
                        piece.endNs());
                try (QueryResponseReader r = tools.client.query(s.database, q, tools.config.queryChunkSize())) {
                    countReader = r;
                    CountAnswer.read(r, tools.grid, piece.startNs(), into);
                } finally {
                    countReader = null;
                }
            }
        }
        return into;
    }

    private void compareWhenCounted(List<SourceRecord> out) {
        Step s = step;
        if (!s.counts.isDone()) {
            return;
        }
        Map<String, Map<Long, Long>> counts;
        try {
            counts = s.counts.get();
        } catch (ExecutionException e) {
            step = null;
            if (e.getCause() instanceof InfluxException) {
                throw (InfluxException) e.getCause();
            }
            throw new IllegalStateException("reconciliation count failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long took = tools.clock.getAsLong() - s.countStartedMs;
        nextCountAtMs = tools.clock.getAsLong() + (long) (took * (1.0 / share - 1.0));
        failures.onSuccess();
        for (Member m : s.members) {
            compare(s, m, counts.getOrDefault(m.tracked.progress.container.measurement(), Map.of()));
        }
        if (rereads.isEmpty()) {
            finishStep(out);
        } else {
            for (Member m : s.members) {
                ContainerProgress p = m.tracked.progress;
                long n = rereads.stream().filter(r -> r.member == m).count();
                p.offset = p.offset.withReconcile(p.offset.reconcile().withPending(n));
            }
            updateMetrics();
        }
    }

    /** One container's counts against its tallies; what differs is queued to be read again. */
    private void compare(Step s, Member m, Map<Long, Long> server) {
        ContainerProgress p = m.tracked.progress;
        CellTallies tallies = tools.tallying.current(p);
        ReconcileScope scope = tools.tallying.scope(p);
        ReconcileStep st = s.step;
        switch (st.kind()) {
            case CELLS: {
                StepPlanner.LiveMarks live = marks(m.tracked);
                for (long cell = tools.grid.cellOf(st.startNs()); ; cell++) {
                    long start = tools.grid.start(cell);
                    // A cell the trailing read has entered since the count is the live phase's again.
                    boolean liveOwned = live != null && start >= live.bandStartNs()
                            && cell <= tools.grid.cellOf(live.watermarkNs());
                    if (!liveOwned) {
                        cellsCompared++;
                        long emitted = tallies.count(cell);
                        long now = server.getOrDefault(cell, 0L);
                        if (now != emitted) {
                            LOG.info("reconciliation: {} cell {} holds {} field values in InfluxDB, {} were emitted; "
                                    + "reading it again", p.container, cellText(cell), now, emitted);
                            queue(m, ReconcileStep.Kind.CELLS, cell, scope.clampStart(Math.max(st.startNs(), start)),
                                    scope.clampEnd(Math.min(st.endNs(), tools.grid.end(cell))), st.pieces());
                        }
                    }
                    if (tools.grid.end(cell) >= st.endNs()) {
                        break;
                    }
                }
                break;
            }
            case PARTIAL: {
                long now = CountAnswer.total(server);
                if (now != m.partialCountAtCount) {
                    LOG.info("reconciliation: {} [{}, {}) holds {} field values in InfluxDB, the live phase emitted {}; "
                            + "reading it again", p.container, TimeFormat.format(st.startNs()),
                            TimeFormat.format(st.endNs()), now, m.partialCountAtCount);
                    queue(m, ReconcileStep.Kind.PARTIAL, tools.grid.cellOf(st.startNs()), st.startNs(), st.endNs(),
                            st.pieces());
                }
                break;
            }
            default: {
                long now = CountAnswer.total(server);
                if (now > 0) {
                    LOG.info("reconciliation: {} holds {} field values stamped ahead of the live watermark in [{}, {}); "
                            + "reading them", p.container, now, TimeFormat.format(st.startNs()),
                            TimeFormat.format(st.endNs()));
                    queue(m, ReconcileStep.Kind.AHEAD, tools.grid.cellOf(st.startNs()), st.startNs(), st.endNs(),
                            st.pieces());
                }
            }
        }
    }

    private void queue(Member m, ReconcileStep.Kind kind, long cell, long from, long to, List<TimeWindow> stepPieces) {
        List<TimeWindow> pieces = new ArrayList<>();
        for (TimeWindow w : stepPieces) {
            long lo = Math.max(from, w.startNs());
            long hi = Math.min(to, w.endNs());
            if (lo < hi) {
                pieces.add(new TimeWindow(lo, hi));
            }
        }
        // The tally of a re-read counts everything it emits in the scope (no partial mark: it replaces a count).
        ReadTally tally = new ReadTally(tools.grid, tools.tallying.scope(m.tracked.progress), null);
        rereads.add(new Reread(m, kind, cell, pieces, tally));
    }

    /** A re-read (of this container alone, so nothing dropped by a grouped count) found less than was emitted. */
    private void reportExtra(ContainerProgress p, long cell, long values) {
        LOG.warn("reconciliation: {} cell {} holds {} field values fewer in InfluxDB than the source emitted: they were "
                + "deleted in InfluxDB after they were copied (or expired with its retention policy), and TimescaleDB "
                + "still holds them; deletes are not migrated, delete them in TimescaleDB too if they must go",
                p.container, cellText(cell), values);
        p.offset = p.offset.withReconcile(p.offset.reconcile().withExtra(values, tools.grid.start(cell)));
    }

    // ---- re-reads --------------------------------------------------------------------------------------------------

    private void streamRereads(List<SourceRecord> out) {
        PollBudget budget = new PollBudget();
        while (!stopping && !budget.full()) {
            if (reread == null) {
                reread = rereads.pollFirst();
                if (reread == null) {
                    finishStep(out);
                    return;
                }
            }
            Reread r = reread;
            if (reader == null) {
                if (r.piece >= r.pieces.size()) {
                    finishReread(r, out);
                    continue;
                }
                openPiece(r);
                if (reader == null) {
                    continue;
                }
            }
            SeriesWindow part = reader.next();
            if (part == null) {
                closeReader();
                r.piece++;
                continue;
            }
            ContainerProgress p = r.member.tracked.progress;
            r.tally.add(part);
            out.add(tools.records.data(p, part, p.offset));
            budget.spent(part);
        }
    }

    private void openPiece(Reread r) {
        ContainerProgress p = r.member.tracked.progress;
        FieldTypeCache.Fields fields = tools.fieldTypes.of(p.container);
        if (fields.names().isEmpty()) {
            r.piece = r.pieces.size();
            return;
        }
        TimeWindow w = r.pieces.get(r.piece);
        String q = InfluxQl.selectWindow(p.container.database(), p.container.retentionPolicy(),
                p.container.measurement(), fields.names(), w.startNs(), w.endNs());
        reader = new WindowReader(tools.client.query(p.container.database(), q, tools.config.queryChunkSize()),
                p.container, w, fields.names(), fields.types(), tools.config.maxPointsPerRecord(),
                tools.config.maxRecordBytes());
    }

    private void finishReread(Reread r, List<SourceRecord> out) {
        ContainerProgress p = r.member.tracked.progress;
        long observed = r.tally.total();
        CellTallies t = tools.tallying.current(p);
        switch (r.kind) {
            case CELLS:
                if (observed < t.count(r.cell)) {
                    reportExtra(p, r.cell, t.count(r.cell) - observed);
                }
                t = t.withCount(r.cell, observed);
                break;
            case PARTIAL:
                if (observed < r.member.partialCountAtCount) {
                    reportExtra(p, r.cell, r.member.partialCountAtCount - observed);
                }
                t = t.withPartReread(r.cell, r.member.partialCountAtCount, observed);
                break;
            default:
                break; // ahead of the live phase: it reads this range again when it gets there
        }
        cellsReread++;
        ReconcileProgress rp = p.offset.reconcile();
        p.offset = p.offset.withTallies(t).withReconcile(rp.withPending(Math.max(0, rp.pending() - 1)));
        reread = null;
        failures.onSuccess();
        tools.heartbeats.maybe(p, out, false);
        updateMetrics();
    }

    /** The step is compared and repaired: its members' cursors move past it. */
    private void finishStep(List<SourceRecord> out) {
        Step s = step;
        step = null;
        if (s == null) {
            return;
        }
        for (Member m : s.members) {
            ContainerProgress p = m.tracked.progress;
            p.offset = p.offset.withReconcile(p.offset.reconcile().advanceTo(s.step.resumeAtNs()).withPending(0));
            tools.heartbeats.maybe(p, out, false);
        }
        updateMetrics();
    }

    private void completeCycle(ContainerProgress p, List<SourceRecord> out) {
        ReconcileProgress r = p.offset.reconcile();
        p.offset = p.offset.withReconcile(r.completeCycle());
        lastNs.remove(p.container);
        LOG.info("reconciliation cycle of {} complete: everything written to InfluxDB before {} has been emitted "
                        + "({} cells compared, {} read again by this task so far)", p.container,
                java.time.Instant.ofEpochMilli(r.cycleStartedMs()), cellsCompared, cellsReread);
        tools.heartbeats.maybe(p, out, true);
        updateMetrics();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    private StepPlanner.LiveMarks marks(Tracked t) {
        if (!t.live || !t.progress.offset.isLive()) {
            return null;
        }
        ContainerProgress p = t.progress;
        CellTallies tallies = tools.tallying.current(p);
        long partialUntil = tallies.hasPartial() ? tallies.partialUntilNs() : Long.MIN_VALUE;
        long bandAt = tallies.hasPartial() ? partialUntil : p.offset.sweptUntilNs();
        return new StepPlanner.LiveMarks(tools.grid.start(tools.grid.cellOf(bandAt)), partialUntil,
                p.offset.watermarkNs());
    }

    private Optional<List<ShardGroup>> shardGroupsOf(Container c) {
        return tools.shardGroups.of(c.database(), c.retentionPolicy());
    }

    private String cellText(long cell) {
        return "[" + TimeFormat.format(tools.grid.start(cell)) + ", " + TimeFormat.format(tools.grid.end(cell)) + ")";
    }

    private void handleFailure(InfluxException e) {
        Reread r = reread;
        Step s = step;
        closeReader();
        // Start the step again from its count: its cursor has not moved, and re-reads are repeatable.
        reread = null;
        rereads.clear();
        if (s != null && s.counts != null) {
            s.counts.cancel(true);
        }
        step = null;
        Container c = r != null ? r.member.tracked.progress.container
                : s != null ? s.members.get(0).tracked.progress.container : null;
        TimeWindow w = r != null && r.piece < r.pieces.size() ? r.pieces.get(r.piece)
                : s != null ? new TimeWindow(s.step.startNs(), s.step.endNs()) : null;
        failures.onFailure(e, "reconciling " + (c == null ? "InfluxDB metadata" : c) + (w == null ? "" : " " + w), c,
                w, s != null && s.members.size() > 1 ? " (reconciliation counted " + s.members.size()
                        + " measurements of this retention policy together)" : "",
                "Reconciliation resumes at its stored cursor after a restart.");
    }

    private void updateMetrics() {
        long pending = 0;
        long oldest = Long.MAX_VALUE;
        long extra = 0;
        for (Tracked t : tracked.values()) {
            ReconcileProgress r = t.progress.offset.reconcile();
            pending += r.pending();
            oldest = Math.min(oldest, r.reconciledAtMs());
            extra += r.extraValues();
        }
        pendingCells = pending;
        oldestReconciledAtMs = oldest == Long.MAX_VALUE ? 0 : oldest;
        extraValues = extra;
    }

    /** Cells found to differ and not read again yet, over this task's containers. Any thread. */
    public long pendingCells() {
        return pendingCells;
    }

    /**
     * Age of the oldest container's last complete cycle in ms (everything written before then is emitted);
     * -1 while some container has never completed one. Any thread.
     */
    public long reconciledAgeMs() {
        long oldest = oldestReconciledAtMs;
        if (tracking == 0) {
            return 0;
        }
        return oldest == 0 ? -1 : Math.max(0, tools.clock.getAsLong() - oldest);
    }

    /** Field values found deleted in InfluxDB after they were copied, over this task's containers. Any thread. */
    public long extraValues() {
        return extraValues;
    }

    private void closeReader() {
        WindowReader r = reader;
        if (r != null) {
            r.close();
            reader = null;
        }
    }

    /** Called from the task's stop(), on another thread: makes blocked reads return. */
    public void requestStop() {
        stopping = true;
        WindowReader r = reader;
        if (r != null) {
            r.close();
        }
        QueryResponseReader c = countReader;
        if (c != null) {
            c.close();
        }
        counter.shutdownNow();
    }

    @Override
    public void close() {
        stopping = true;
        closeReader();
        counter.shutdownNow();
    }
}
