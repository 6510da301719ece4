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
import io.influxtimescale.source.task.Phase;
import io.influxtimescale.source.task.TaskCoordinator;

/** Reads the containers the connector assigned to it, through its phases (the backfill, for now). */
public class InfluxSourceTask extends SourceTask {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSourceTask.class);

    private TaskCoordinator coordinator;
    private BackfillPhase backfill;

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
        LOG.info("starting with {} containers ({} with stored offsets) from {}", containers.size(), stored.size(),
                client.settings());
        backfill = new BackfillPhase(config, client, containers, stored, System::currentTimeMillis);
        List<Phase> phases = new ArrayList<>();
        phases.add(backfill);
        coordinator = new TaskCoordinator(phases);
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
    }
}
