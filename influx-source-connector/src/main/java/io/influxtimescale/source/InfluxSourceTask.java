package io.influxtimescale.source;

import java.util.ArrayList;
import java.util.HashMap;
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
import io.influxtimescale.source.task.LivePhase;
import io.influxtimescale.source.task.TaskCoordinator;
import io.influxtimescale.source.task.TaskMetrics;

/**
 * Reads the containers the connector assigned to it: each from its stored offset, through the backfill and then
 * (unless mode is 'backfill') the live phase.
 */
public class InfluxSourceTask extends SourceTask {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSourceTask.class);

    private TaskCoordinator coordinator;
    private BackfillPhase backfill;
    private LivePhase live;
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
        live = config.liveEnabled() ? new LivePhase(config, client, System::currentTimeMillis) : null;
        List<Container> toBackfill = new ArrayList<>();
        Map<Container, SourceOffset> backfillOffsets = new HashMap<>();
        int done = 0;
        for (Container c : containers) {
            SourceOffset o = stored.get(c);
            if (o != null && o.isLive()) {
                if (live != null) {
                    live.follow(c, o, true);
                } else {
                    done++; // mode 'backfill': a live container has nothing more to read
                }
            } else if (o == null && !config.backfillEnabled()) {
                // mode 'live': no history; follow from the connector's first start.
                long t = config.defaultUntilNs();
                live.follow(c, SourceOffset.backfill(t, t, t).toLive(live.latenessNs()), false);
            } else {
                toBackfill.add(c);
                if (o != null) {
                    backfillOffsets.put(c, o);
                }
            }
        }
        LOG.info("starting in mode '{}' with {} containers ({} with stored offsets; {} to backfill, {} live, {} done) "
                        + "from {}", config.mode(), containers.size(), stored.size(), toBackfill.size(),
                live == null ? 0 : live.containerCount(), done, client.settings());
        if (!toBackfill.isEmpty()) {
            backfill = new BackfillPhase(config, client, toBackfill, backfillOffsets, System::currentTimeMillis,
                    (c, o) -> {
                        if (live != null) {
                            live.follow(c, o.toLive(live.latenessNs()), false);
                        }
                    });
        }
        coordinator = new TaskCoordinator(backfill, live);
        metrics = TaskMetrics.register(context.pluginMetrics(), backfill, live);
    }

    private Map<Container, SourceOffset> loadOffsets(List<Container> containers) {
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (Container c : containers) {
            partitions.add(SourcePartitions.of(c));
        }
        Map<Map<String, Object>, Map<String, Object>> raw = context.offsetStorageReader().offsets(partitions);
        Map<Container, SourceOffset> out = new HashMap<>();
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
        // Called on another thread than poll(): make a blocked read return; poll()'s thread cleans up.
        if (backfill != null) {
            backfill.requestStop();
        }
        if (live != null) {
            live.requestStop();
        }
        if (metrics != null) {
            metrics.close();
        }
    }
}
