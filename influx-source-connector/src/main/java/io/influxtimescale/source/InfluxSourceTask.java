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
import io.influxtimescale.source.task.ReconcilePhase;
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
    private TaskMetrics metrics;

    @Override
    public String version() {
        return Versions.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        InfluxSourceTaskConfig config = new InfluxSourceTaskConfig(props);
        List<Container> containers = config.containers();
        Map<Container, SourceOffset> stored = loadOffsets(containers);
        InfluxHttpClient client = new InfluxHttpClient(config.connectionSettings());
        PhaseTools tools = new PhaseTools(config, client, System::currentTimeMillis);
        LivePhase live = config.liveEnabled() ? new LivePhase(tools) : null;
        ReconcilePhase reconcile = config.reconcileEnabled() ? new ReconcilePhase(tools) : null;
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
            } else {
                toBackfill.add(new ContainerProgress(c, o));
            }
        }
        LOG.info("starting in mode '{}' with {} containers ({} with stored offsets; {} to backfill, {} live, {} done), "
                        + "reconciliation {}, from {}", config.mode(), containers.size(), stored.size(),
                toBackfill.size(), live == null ? 0 : live.containerCount(), done,
                reconcile == null ? "off" : "every " + config.reconcileIntervalMs() + " ms", client.settings());
        BackfillPhase backfill = null;
        if (!toBackfill.isEmpty()) {
            backfill = new BackfillPhase(tools, toBackfill, p -> {
                if (live != null) {
                    p.startLive(p.offset().toLive(live.latenessNs()));
                    live.follow(p, false);
                }
                if (reconcile != null) {
                    reconcile.track(p, live != null);
                }
            });
        }
        coordinator = new TaskCoordinator(backfill, live, reconcile);
        metrics = TaskMetrics.register(context.pluginMetrics(), backfill, live, reconcile);
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
        if (metrics != null) {
            metrics.close();
        }
    }
}
