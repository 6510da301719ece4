package io.influxtimescale.source.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.contract.FieldType;
import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.source.config.InfluxSourceTaskConfig;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.discovery.FieldKey;
import io.influxtimescale.source.discovery.SchemaDiscovery;
import io.influxtimescale.source.influx.InfluxException;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.influx.InfluxQl;
import io.influxtimescale.source.influx.QueryResponseReader;
import io.influxtimescale.source.offsets.SourceOffset;
import io.influxtimescale.source.plan.ShardGroup;
import io.influxtimescale.source.plan.TimeFormat;
import io.influxtimescale.source.plan.TimeWindow;
import io.influxtimescale.source.plan.WindowPlanner;

/**
 * Reads every assigned container from its first incomplete window to the end of its backfill range, one container
 * and one window at a time, streaming each window's answer across polls.
 *
 * <p>Offsets: every record of a window in flight carries the container's previous {@code completed_until}; the last
 * record of a window carries the window's end. A window without data advances the offset through a heartbeat record
 * (at most one per {@code heartbeat.interval.ms} per container, and one when the container is finished), because
 * Connect stores source offsets only with records. After a restart the first incomplete window is read again, and
 * nothing before it.
 */
public final class BackfillPhase implements Phase {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillPhase.class);
    /** InfluxDB's smallest storable time (models.MinNanoTime); Long.MIN_VALUE does not parse in InfluxQL. */
    static final long INFLUX_MIN_NS = Long.MIN_VALUE + 2;
    private static final int MAX_RECORDS_PER_POLL = 1_000;
    private static final long MAX_BYTES_PER_POLL = 16L * 1024 * 1024;
    private static final long FIELD_KEYS_TTL_MS = 10_000;
    private static final long SHARDS_TTL_MS = 30_000;

    private final InfluxHttpClient client;
    private final SchemaDiscovery discovery;
    private final WindowPlanner planner;
    private final RecordFactory records;
    private final InfluxSourceTaskConfig config;
    private final OptionalLong configuredFrom;
    private final LongSupplier clock;
    private final List<ContainerProgress> containers;
    private final RetryBackoff backoff;
    private final java.util.function.BiConsumer<Container, SourceOffset> onComplete;

    private volatile int index;
    private WindowRun run;
    private long retryAtMs;
    private volatile boolean stopping;

    private Optional<Map<String, Map<String, List<ShardGroup>>>> shardGroups;
    private long shardGroupsAtMs = Long.MIN_VALUE;
    private boolean shardsUnavailable;
    private final Map<Container, CachedFields> fieldCache = new HashMap<>();

    private long windowsRead;
    private long pointsRead;
    private long valuesRead;

    /** The window being streamed, with the record held back until we know whether it is the window's last. */
    private static final class WindowRun {
        final ContainerProgress progress;
        final TimeWindow window;
        final WindowReader reader;
        SeriesWindow pending;

        WindowRun(ContainerProgress progress, TimeWindow window, WindowReader reader) {
            this.progress = progress;
            this.window = window;
            this.reader = reader;
        }
    }

    private static final class CachedFields {
        final List<String> names;
        final Map<String, Set<FieldType>> types;
        final long atMs;

        CachedFields(List<String> names, Map<String, Set<FieldType>> types, long atMs) {
            this.names = names;
            this.types = types;
            this.atMs = atMs;
        }
    }

    /**
     * @param onComplete told of each container whose backfill is complete (after its last record was returned), so
     *                   the live phase can follow it
     */
    public BackfillPhase(InfluxSourceTaskConfig config, InfluxHttpClient client, List<Container> assigned,
                         Map<Container, SourceOffset> storedOffsets, LongSupplier clock,
                         java.util.function.BiConsumer<Container, SourceOffset> onComplete) {
        this.onComplete = onComplete;
        this.config = config;
        this.client = client;
        this.discovery = new SchemaDiscovery(client, config.queryChunkSize());
        this.planner = new WindowPlanner(config.windowNs());
        this.records = new RecordFactory(new TopicNamer(config.topicPrefix()), config.heartbeatTopic());
        this.configuredFrom = config.backfillFromNs();
        this.clock = clock;
        this.backoff = new RetryBackoff(config.retriesMax(), config.retryBackoffMs(), config.retryBackoffMaxMs());
        this.containers = new ArrayList<>();
        for (Container c : new TreeSet<>(assigned)) {
            containers.add(new ContainerProgress(c, storedOffsets.get(c)));
        }
    }

    @Override
    public String name() {
        return "backfill";
    }

    @Override
    public boolean finished() {
        return run == null && index >= containers.size();
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> out = new ArrayList<>();
        long now = clock.getAsLong();
        if (retryAtMs > now) {
            Thread.sleep(Math.min(retryAtMs - now, 250));
            return out;
        }
        long bytes = 0;
        try {
            while (!stopping && out.size() < MAX_RECORDS_PER_POLL && bytes < MAX_BYTES_PER_POLL) {
                if (run == null && !startNextWindow(out)) {
                    break;
                }
                if (run == null) {
                    continue;
                }
                SeriesWindow part = run.reader.next();
                if (part != null) {
                    pointsRead += part.size();
                    valuesRead += part.fieldValueCount();
                    if (run.pending != null) {
                        out.add(records.data(run.progress.container, run.pending, run.progress.offset));
                        bytes += RecordContract.estimatedBytes(run.pending);
                    }
                    run.pending = part;
                    continue;
                }
                finishWindow(out);
            }
        } catch (InfluxException e) {
            if (stopping) {
                return out;
            }
            handleFailure(e);
        }
        return out;
    }

    /** Opens the next window of the current container; false when every container is done. */
    private boolean startNextWindow(List<SourceRecord> out) {
        while (index < containers.size()) {
            ContainerProgress p = containers.get(index);
            if (!p.initialized()) {
                initialize(p);
            }
            Optional<TimeWindow> window = planner.next(p.offset.completedUntilNs(), p.offset.untilNs(),
                    shardGroupsOf(p.container));
            if (window.isEmpty()) {
                // No shard group holds data in the rest of the range: the container is complete.
                p.offset = p.offset.withCompletedUntil(p.offset.untilNs());
                heartbeatIfNeeded(p, out, true);
                LOG.info("backfill of {} complete: {}", p.container, p.offset);
                onComplete.accept(p.container, p.offset);
                index++;
                continue;
            }
            CachedFields fields = fieldsOf(p.container);
            if (fields.names.isEmpty()) {
                // No field in this retention policy at all: no point can exist in the window.
                p.offset = p.offset.withCompletedUntil(window.get().endNs());
                heartbeatIfNeeded(p, out, false);
                return true;
            }
            TimeWindow w = window.get();
            String q = InfluxQl.selectWindow(p.container.database(), p.container.retentionPolicy(),
                    p.container.measurement(), fields.names, w.startNs(), w.endNs());
            LOG.debug("reading {} window {}", p.container, w);
            QueryResponseReader reader = client.query(p.container.database(), q, config.queryChunkSize());
            run = new WindowRun(p, w, new WindowReader(reader, p.container, w, fields.names, fields.types,
                    config.maxPointsPerRecord(), config.maxRecordBytes()));
            return true;
        }
        return false;
    }

    private void finishWindow(List<SourceRecord> out) {
        ContainerProgress p = run.progress;
        SourceOffset done = p.offset.withCompletedUntil(run.window.endNs());
        p.offset = done;
        if (run.pending != null) {
            out.add(records.data(p.container, run.pending, done));
            p.markPersisted(done, clock.getAsLong());
        } else {
            heartbeatIfNeeded(p, out, false);
        }
        windowsRead++;
        closeRun();
        backoff.onSuccess();
        if (windowsRead % 1000 == 0) {
            LOG.info("backfill progress: {} windows, {} points, {} field values read; at {} {}", windowsRead,
                    pointsRead, valuesRead, p.container, TimeFormat.format(done.completedUntilNs()));
        }
    }

    private void heartbeatIfNeeded(ContainerProgress p, List<SourceRecord> out, boolean force) {
        if (p.offset.equals(p.persisted)) {
            return;
        }
        long now = clock.getAsLong();
        if (force || p.persisted == null || now - p.persistedAtMs >= config.heartbeatIntervalMs()) {
            out.add(records.heartbeat(p.container, p.offset));
            p.markPersisted(p.offset, now);
        }
    }

    private void initialize(ContainerProgress p) {
        long until = config.defaultUntilNs();
        long from = Math.min(configuredFrom.orElse(INFLUX_MIN_NS), until);
        OptionalLong first = from < until ? discovery.firstPointTime(p.container, from, until) : OptionalLong.empty();
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

    private Optional<List<ShardGroup>> shardGroupsOf(Container c) {
        if (shardsUnavailable) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        if (shardGroups == null || now - shardGroupsAtMs > SHARDS_TTL_MS) {
            shardGroups = discovery.shardGroups();
            shardGroupsAtMs = now;
            if (shardGroups.isEmpty()) {
                shardsUnavailable = true;
                return Optional.empty();
            }
        }
        return Optional.of(shardGroups.get().getOrDefault(c.database(), Map.of())
                .getOrDefault(c.retentionPolicy(), List.of()));
    }

    private CachedFields fieldsOf(Container c) {
        long now = clock.getAsLong();
        CachedFields cached = fieldCache.get(c);
        if (cached == null || now - cached.atMs > FIELD_KEYS_TTL_MS) {
            List<FieldKey> keys = discovery.fieldKeys(c.database(), c.retentionPolicy(), c.measurement());
            Map<String, Set<FieldType>> types = new HashMap<>();
            for (FieldKey k : keys) {
                types.computeIfAbsent(k.name(), n -> new java.util.HashSet<>()).add(k.type());
            }
            cached = new CachedFields(new ArrayList<>(new TreeSet<>(types.keySet())), types, now);
            fieldCache.put(c, cached);
        }
        return cached;
    }

    private void handleFailure(InfluxException e) {
        Container c = run != null ? run.progress.container : index < containers.size()
                ? containers.get(index).container : null;
        TimeWindow w = run != null ? run.window : null;
        closeRun();
        boolean retry = e.retryable()
                || (e instanceof InfluxException.QueryFailed && QueryErrors.transientLimit(e.getMessage()));
        if (!retry) {
            if (e instanceof InfluxException.QueryFailed && c != null && w != null) {
                throw new ConnectException(QueryErrors.describe(((InfluxException.QueryFailed) e).serverMessage(),
                        c, w), e);
            }
            throw new ConnectException("backfill of " + (c == null ? "InfluxDB" : c) + " failed: " + e.getMessage(),
                    e);
        }
        long delay = backoff.onFailure();
        if (delay < 0) {
            throw new ConnectException("InfluxDB failed " + backoff.failures() + " times in a row (retries.max="
                    + config.retriesMax() + ") while reading " + (c == null ? "metadata" : c)
                    + (w == null ? "" : " window " + w) + "; last error: " + e.getMessage()
                    + ". The task resumes at this window after a restart.", e);
        }
        LOG.warn("reading {}{} failed (attempt {} of {}), retrying the window in {} ms: {}", c == null ? "InfluxDB" : c,
                w == null ? "" : " window " + w, backoff.failures(), config.retriesMax() + 1, delay, e.getMessage());
        retryAtMs = clock.getAsLong() + delay;
    }

    private void closeRun() {
        if (run != null) {
            run.reader.close();
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
        return Math.max(0, containers.size() - index);
    }

    long valuesRead() {
        return valuesRead;
    }
}
