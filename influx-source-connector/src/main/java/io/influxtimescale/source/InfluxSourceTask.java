package io.influxtimescale.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.source.config.InfluxSourceTaskConfig;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.offsets.InvalidOffsetException;
import io.influxtimescale.source.offsets.OffsetLoader;
import io.influxtimescale.source.offsets.SourceOffset;
import io.influxtimescale.source.offsets.SourcePartitions;
import io.influxtimescale.source.task.BackfillPhase;
import io.influxtimescale.source.task.ContainerProgress;
import io.influxtimescale.source.task.LivePhase;
import io.influxtimescale.source.task.PhaseTools;
import io.influxtimescale.source.plan.SplitContainer;
import io.influxtimescale.source.task.ReconcilePhase;
import io.influxtimescale.source.task.SliceWatch;
import io.influxtimescale.source.task.TaskCoordinator;
import io.influxtimescale.source.task.TaskMetrics;

/**
 * Reads the containers the connector assigned to it: each from its stored offset, through the backfill and then
 * (unless mode is 'backfill') the live phase; reconciliation (unless switched off) checks each container whose
 * backfill is complete against InfluxDB, again and again.
 */
public class InfluxSourceTask extends SourceTask {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSourceTask.class);

    private volatile TaskCoordinator coordinator;
    private volatile InfluxHttpClient client;
    private TaskMetrics metrics;

    @Override
    public String version() {
        return io.influxtimescale.contract.Versions.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        InfluxSourceTaskConfig config = new InfluxSourceTaskConfig(props);
        List<Container> containers = config.containers();
        Map<Container, SourceOffset> stored = loadOffsets(containers);
        InfluxHttpClient client = new InfluxHttpClient(config.connectionSettings());
        this.client = client;
        PhaseTools tools = new PhaseTools(config, client, System::currentTimeMillis);
        LivePhase live = config.liveEnabled() ? new LivePhase(tools) : null;
        ReconcilePhase reconcile = config.reconcileEnabled() ? new ReconcilePhase(tools) : null;
        Map<Container, SplitContainer> splits = new java.util.HashMap<>();
        for (SplitContainer s : config.splitContainers()) {
            splits.put(s.container(), s);
        }
        java.util.function.Consumer<ContainerProgress> handOver = p -> {
            if (p.isSlice()) {
                return; // a slice is read; the container's own task takes the container over once all are
            }
            if (live != null) {
                p.startLive(p.offset().toLive(live.latenessNs()));
                live.follow(p, false);
            }
            if (reconcile != null) {
                reconcile.track(p, live != null);
            }
        };
        Map<SourcePartitions.Slice, ContainerProgress> ownSlices = slicesOfThisTask(config, splits.values());
        SliceWatch sliceWatch = new SliceWatch(tools, partitions -> context.offsetStorageReader().offsets(partitions),
                ownSlices, handOver);
        List<ContainerProgress> toBackfill = new ArrayList<>();
        int done = 0;
        for (Container c : containers) {
            SourceOffset o = stored.get(c);
            if (o != null && o.isLive()) {
                ContainerProgress p = new ContainerProgress(c, o);
                if (live != null) {
                    live.follow(p, true);
                } else {
                    done++; // mode 'backfill': a live container has nothing more to read but reconciliation
                }
                if (reconcile != null) {
                    reconcile.track(p, live != null);
                }
            } else if (o == null && !config.backfillEnabled()) {
                // mode 'live': no history; follow from the connector's first start.
                long t = config.defaultUntilNs();
                ContainerProgress p = new ContainerProgress(c, null);
                p.startLive(SourceOffset.backfill(t, t, t).toLive(live.latenessNs()));
                live.follow(p, false);
                if (reconcile != null) {
                    reconcile.track(p, true);
                }
            } else if (splits.containsKey(c)) {
                sliceWatch.watch(new ContainerProgress(c, o), splits.get(c));
            } else {
                toBackfill.add(new ContainerProgress(c, o));
            }
        }
        toBackfill.addAll(ownSlices.values());
        LOG.info("starting in mode '{}' with {} containers ({} with stored offsets; {} to backfill, {} read in slices, "
                        + "{} slices of split containers, {} live, {} done), reconciliation {}, from {}", config.mode(),
                containers.size(), stored.size(), toBackfill.size() - ownSlices.size(), sliceWatch.waiting(),
                ownSlices.size(), live == null ? 0 : live.containerCount(), done,
                reconcile == null ? "off" : "every " + config.reconcileIntervalMs() + " ms", client.settings());
        BackfillPhase backfill = toBackfill.isEmpty() ? null : new BackfillPhase(tools, toBackfill, handOver);
        coordinator = new TaskCoordinator(backfill, live, reconcile, sliceWatch.finished() ? null : sliceWatch);
        metrics = TaskMetrics.register(context.pluginMetrics(), backfill, live, reconcile);
    }

    /** The slices of split containers that fall to this task ({@code k mod tasks = index}), with their offsets. */
    private Map<SourcePartitions.Slice, ContainerProgress> slicesOfThisTask(InfluxSourceTaskConfig config,
                                                                         java.util.Collection<SplitContainer> splits) {
        List<SourcePartitions.Slice> mine = new ArrayList<>();
        Map<SourcePartitions.Slice, io.influxtimescale.source.plan.TimeWindow> ranges = new java.util.HashMap<>();
        for (SplitContainer s : splits) {
            for (io.influxtimescale.source.plan.TimeWindow w : s.slices()) {
                if (s.taskOf(w.startNs(), config.taskCount()) == config.taskIndex()) {
                    SourcePartitions.Slice slice = new SourcePartitions.Slice(s.container(),
                            s.sliceStartOf(w.startNs()));
                    mine.add(slice);
                    ranges.put(slice, w);
                }
            }
        }
        Map<SourcePartitions.Slice, ContainerProgress> out = new java.util.LinkedHashMap<>();
        if (mine.isEmpty()) {
            return out;
        }
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (SourcePartitions.Slice slice : mine) {
            partitions.add(SourcePartitions.of(slice));
        }
        Map<Map<String, Object>, Map<String, Object>> raw = context.offsetStorageReader().offsets(partitions);
        for (SourcePartitions.Slice slice : mine) {
            Map<String, Object> offset = raw == null ? null : raw.get(SourcePartitions.of(slice));
            SourceOffset stored = null;
            if (offset != null) {
                try {
                    stored = OffsetLoader.load(offset);
                } catch (InvalidOffsetException e) {
                    throw new ConnectException("the stored offset of " + slice + " is not valid (" + e.getMessage()
                            + "): fix or delete it through the offsets REST API", e);
                }
            }
            io.influxtimescale.source.plan.TimeWindow w = ranges.get(slice);
            out.put(slice, ContainerProgress.ofSlice(slice, stored, w.startNs(), w.endNs()));
        }
        return out;
    }

    private Map<Container, SourceOffset> loadOffsets(List<Container> containers) {
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (Container c : containers) {
            partitions.add(SourcePartitions.of(c));
        }
        Map<Map<String, Object>, Map<String, Object>> raw = context.offsetStorageReader().offsets(partitions);
        Map<Container, SourceOffset> out = new java.util.HashMap<>();
        for (Container c : containers) {
            Map<String, Object> offset = raw == null ? null : raw.get(SourcePartitions.of(c));
            if (offset == null) {
                continue;
            }
            try {
                out.put(c, OffsetLoader.load(offset));
            } catch (InvalidOffsetException e) {
                throw new ConnectException("the stored offset of " + c + " is not valid (" + e.getMessage() + "): "
                        + "fix or delete it through the offsets REST API", e);
            }
        }
        return out;
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        return coordinator.poll();
    }

    @Override
    public void stop() {
        // Called on another thread than poll(): make a blocked read return; poll() is not called again.
        TaskCoordinator c = coordinator;
        if (c != null) {
            c.requestStop();
        }
        InfluxHttpClient http = client;
        if (http != null) {
            http.close(); // aborts any query in flight, whatever phase is blocked in it
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
