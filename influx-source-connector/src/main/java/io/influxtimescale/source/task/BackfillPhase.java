package io.influxtimescale.source.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.source.influx.InfluxException;
import io.influxtimescale.source.influx.InfluxQl;
import io.influxtimescale.source.influx.QueryResponseReader;
import io.influxtimescale.source.offsets.SourceOffset;
import io.influxtimescale.source.plan.InfluxTime;
import io.influxtimescale.source.plan.TimeFormat;
import io.influxtimescale.source.plan.TimeWindow;
import io.influxtimescale.source.plan.WindowPlanner;
import io.influxtimescale.source.reconcile.ReadTally;

/**
 * Reads every assigned container from its first incomplete window to the end of its backfill range, one container
 * and one window at a time, streaming each window's answer across polls.
 *
 * <p>Offsets: every record of a window in flight carries the container's previous {@code completed_until}; the last
 * record of a window carries the window's end (and the window's field values added to the container's tallies). A
 * window without data advances the offset through a heartbeat record (at most one per {@code heartbeat.interval.ms}
 * per container, and one when the container is finished). After a restart the first incomplete window is read again,
 * and nothing before it.
 */
public final class BackfillPhase implements Phase {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillPhase.class);

    private final PhaseTools tools;
    private final WindowPlanner planner;
    private final OptionalLong configuredFrom;
    private final List<ContainerProgress> containers;
    private final ReadFailures failures;
    private final Consumer<ContainerProgress> onComplete;

    /** The container being read; read by metrics on other threads. */
    private final java.util.concurrent.atomic.AtomicInteger index = new java.util.concurrent.atomic.AtomicInteger();
    /** Read by stop() on another thread, to close a blocked read. */
    private volatile WindowRun run;
    private volatile boolean stopping;

    private long windowsRead;
    private long pointsRead;
    private long valuesRead;

    /** The window being streamed, with the record held back until we know whether it is the window's last. */
    private static final class WindowRun {
        final ContainerProgress progress;
        final TimeWindow window;
        final WindowReader reader;
        final ReadTally tally;
        SeriesWindow pending;

        WindowRun(ContainerProgress progress, TimeWindow window, WindowReader reader, ReadTally tally) {
            this.progress = progress;
            this.window = window;
            this.reader = reader;
            this.tally = tally;
        }
    }

    /**
     * @param assigned   the containers to backfill, each with its stored offset or none yet, in reading order
     * @param onComplete told of each container whose backfill is complete (after its last record was returned), so
     *                   the live phase and reconciliation can take it over
     */
    public BackfillPhase(PhaseTools tools, List<ContainerProgress> assigned, Consumer<ContainerProgress> onComplete) {
        this.tools = tools;
        this.onComplete = onComplete;
        this.planner = new WindowPlanner(tools.config.windowNs());
        this.configuredFrom = tools.config.backfillFromNs();
        this.failures = tools.failures(LOG);
        this.containers = new ArrayList<>(assigned);
    }

    @Override
    public String name() {
        return "backfill";
    }

    @Override
    public boolean finished() {
        return run == null && index.get() >= containers.size();
    }

    /** Milliseconds until this phase can work again (0: now). */
    long idleMs() {
        return failures.msUntilRetry();
    }

    @Override
    public List<SourceRecord> poll() {
        List<SourceRecord> out = new ArrayList<>();
        if (failures.waiting()) {
            return out;
        }
        PollBudget budget = new PollBudget();
        try {
            while (!stopping && !budget.full()) {
                if (run == null && !startNextWindow(out)) {
                    break;
                }
                WindowRun r = run;
                if (r == null) {
                    continue;
                }
                SeriesWindow part = r.reader.next();
                if (part != null) {
                    pointsRead += part.size();
                    valuesRead += part.fieldValueCount();
                    r.tally.add(part);
                    if (r.pending != null) {
                        out.add(tools.records.data(r.progress, r.pending, r.progress.offset));
                        budget.spent(r.pending);
                    }
                    r.pending = part;
                    continue;
                }
                finishWindow(out);
            }
        } catch (InfluxException e) {
            if (!stopping) {
                handleFailure(e);
            }
        }
        return out;
    }

    /** Opens the next window of the current container; false when every container is done. */
    private boolean startNextWindow(List<SourceRecord> out) {
        while (index.get() < containers.size()) {
            ContainerProgress p = containers.get(index.get());
            if (!p.initialized()) {
                initialize(p);
            }
            Optional<TimeWindow> window = planner.next(p.offset.completedUntilNs(), p.offset.untilNs(),
                    tools.shardGroups.of(p.container.database(), p.container.retentionPolicy()));
            if (window.isEmpty()) {
                // No shard group holds data in the rest of the range: the container is complete.
                p.offset = p.offset.withCompletedUntil(p.offset.untilNs());
                tools.heartbeats.maybe(p, out, true);
                LOG.info("backfill of {} complete: {}", p.label(), p.offset);
                onComplete.accept(p);
                index.incrementAndGet();
                continue;
            }
            TimeWindow w = window.get();
            FieldTypeCache.Fields fields = tools.fieldTypes.of(p.container);
            if (fields.names().isEmpty()) {
                // No field in this retention policy at all: no point can exist in the window.
                p.offset = p.offset.withCompletedUntil(w.endNs());
                tools.heartbeats.maybe(p, out, false);
                return true;
            }
            String q = InfluxQl.selectWindow(p.container.database(), p.container.retentionPolicy(),
                    p.container.measurement(), fields.names(), w.startNs(), w.endNs());
            LOG.debug("reading {} window {}", p.label(), w);
            QueryResponseReader reader = tools.client.query(p.container.database(), q, tools.config.queryChunkSize());
            run = new WindowRun(p, w, new WindowReader(reader, p.container, w, fields.names(), fields.types(),
                    tools.config.maxPointsPerRecord(), tools.config.maxRecordBytes()), tools.tallying.start(p));
            return true;
        }
        return false;
    }

    private void finishWindow(List<SourceRecord> out) {
        WindowRun r = run;
        ContainerProgress p = r.progress;
        tools.tallying.apply(p, r.window, r.tally);
        SourceOffset done = p.offset.withCompletedUntil(r.window.endNs());
        p.offset = done;
        if (r.pending != null) {
            out.add(tools.records.data(p, r.pending, done));
            p.markPersisted(done, tools.clock.getAsLong());
        } else {
            tools.heartbeats.maybe(p, out, false);
        }
        windowsRead++;
        closeRun();
        failures.onSuccess();
        if (windowsRead % 1000 == 0) {
            LOG.info("backfill progress: {} windows, {} points, {} field values read; at {} {}", windowsRead,
                    pointsRead, valuesRead, p.label(), TimeFormat.format(done.completedUntilNs()));
        }
    }

    private void initialize(ContainerProgress p) {
        long until = tools.config.defaultUntilNs();
        long from = Math.min(configuredFrom.orElse(InfluxTime.MIN_NS), until);
        OptionalLong first = from < until ? tools.discovery.firstPointTime(p.container, from, until)
                : OptionalLong.empty();
        if (first.isEmpty()) {
            long f = configuredFrom.isPresent() ? from : until;
            p.offset = SourceOffset.backfill(f, until, until);
            LOG.info("{} holds no data in [{}, {}): nothing to backfill", p.container, TimeFormat.format(from),
                    TimeFormat.format(until));
        } else {
            long f = configuredFrom.isPresent() ? from : first.getAsLong();
            // Everything before the first point is trivially complete.
            p.offset = SourceOffset.backfill(f, until, first.getAsLong());
            LOG.info("backfill of {} starts: {}", p.container, p.offset);
        }
    }

    private void handleFailure(InfluxException e) {
        WindowRun r = run;
        int at = index.get();
        ContainerProgress p = r != null ? r.progress : at < containers.size() ? containers.get(at) : null;
        closeRun();
        String what = "reading " + (p == null ? "InfluxDB metadata" : p.label())
                + (r == null ? "" : " window " + r.window);
        failures.onFailure(e, what, p == null ? null : p.container, r == null ? null : r.window, "",
                "The task resumes at this window after a restart.");
    }

    private void closeRun() {
        WindowRun r = run;
        if (r != null) {
            r.reader.close();
            run = null;
        }
    }

    /** Called from the task's stop(), on another thread: makes a blocked read return. */
    public void requestStop() {
        stopping = true;
        WindowRun r = run;
        if (r != null) {
            r.reader.close();
        }
    }

    @Override
    public void close() {
        stopping = true;
        closeRun();
    }

    /** Containers whose backfill is not complete yet. Safe to call from any thread. */
    public int remainingContainers() {
        return Math.max(0, containers.size() - index.get());
    }
}
