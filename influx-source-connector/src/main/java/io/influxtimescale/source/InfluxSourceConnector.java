package io.influxtimescale.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.source.config.InfluxSourceConfig;
import io.influxtimescale.source.config.InfluxSourceTaskConfig;
import io.influxtimescale.source.config.LiveConfigCheck;
import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.discovery.ContainerDiscovery;
import io.influxtimescale.source.discovery.ContainerListCodec;
import io.influxtimescale.source.discovery.ContainerMonitor;
import io.influxtimescale.source.discovery.ScopeFilter;
import io.influxtimescale.source.discovery.SchemaDiscovery;
import io.influxtimescale.source.discovery.TaskAssignment;
import io.influxtimescale.source.influx.InfluxException;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.offsets.InvalidOffsetException;
import io.influxtimescale.source.offsets.OffsetLoader;
import io.influxtimescale.source.offsets.SourceOffset;
import io.influxtimescale.source.offsets.SourcePartitions;
import io.influxtimescale.source.plan.TimeFormat;

/**
 * Discovers the containers (database, retention policy, measurement) in scope and deals them to tasks. Fixes the
 * backfill end: backfill.until if set, else the end stored in existing offsets (the connector's first start), else
 * now; tasks give it to containers that have no offset yet. In the live modes it looks again every
 * discovery.interval and, when a new container appears, asks Connect to reconfigure the tasks: the new container
 * then starts with no offset, that is from its first point.
 */
public class InfluxSourceConnector extends SourceConnector {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSourceConnector.class);

    private Map<String, String> props;
    private volatile List<Container> containers;
    private long defaultUntilNs;
    private ContainerMonitor monitor;

    @Override
    public String version() {
        return Versions.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = new HashMap<>(props);
        InfluxSourceConfig config = new InfluxSourceConfig(props);
        InfluxHttpClient client = new InfluxHttpClient(config.connectionSettings());
        this.containers = discoverWithRetries(config, client);
        this.defaultUntilNs = chooseUntil(config, containers);
        LOG.info("{} containers in scope on {}; backfill until {} for containers without offsets", containers.size(),
                client.settings(), TimeFormat.format(defaultUntilNs));
        if (config.liveEnabled()) {
            ContainerDiscovery discovery = new ContainerDiscovery(new SchemaDiscovery(client,
                    config.queryChunkSize()), new ScopeFilter(config));
            monitor = new ContainerMonitor(discovery, () -> containers, found -> {
                containers = found;
                context().requestTaskReconfiguration();
            }, config.discoveryIntervalNs() / 1_000_000L);
            monitor.start();
        }
    }

    private List<Container> discoverWithRetries(InfluxSourceConfig config, InfluxHttpClient client) {
        ContainerDiscovery discovery = new ContainerDiscovery(new SchemaDiscovery(client, config.queryChunkSize()),
                new ScopeFilter(config));
        long backoff = Math.max(100, config.retryBackoffMs());
        for (int attempt = 0; ; attempt++) {
            try {
                return discovery.discover();
            } catch (InfluxException e) {
                if (!e.retryable() || attempt >= config.retriesMax()) {
                    throw new ConnectException("discovering databases, retention policies and measurements on "
                            + client.settings() + " failed: " + e.getMessage(), e);
                }
                LOG.warn("discovery failed (attempt {}), retrying in {} ms: {}", attempt + 1, backoff, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new ConnectException("interrupted during discovery", ie);
                }
                backoff = Math.min(backoff * 2, config.retryBackoffMaxMs());
            }
        }
    }

    private long chooseUntil(InfluxSourceConfig config, List<Container> found) {
        OptionalLong configured = config.backfillUntilNs();
        if (configured.isPresent()) {
            return configured.getAsLong();
        }
        // The first start's moment lives in the offsets of the containers read so far.
        OffsetStorageReader reader = context().offsetStorageReader();
        if (reader != null && !found.isEmpty()) {
            List<Map<String, Object>> partitions = new ArrayList<>();
            for (Container c : found) {
                partitions.add(SourcePartitions.of(c));
            }
            Map<Map<String, Object>, Map<String, Object>> stored = reader.offsets(partitions);
            if (stored != null) {
                for (Map<String, Object> offset : stored.values()) {
                    if (offset == null) {
                        continue;
                    }
                    try {
                        return OffsetLoader.load(offset).untilNs();
                    } catch (InvalidOffsetException e) {
                        LOG.warn("ignoring an invalid stored offset while choosing the backfill end: {}",
                                e.getMessage());
                    }
                }
            }
        }
        return TimeFormat.toNanos(java.time.Instant.now());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return InfluxSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<Container> assigned : TaskAssignment.assign(containers, maxTasks)) {
            Map<String, String> task = new HashMap<>(props);
            task.put(InfluxSourceTaskConfig.TASK_CONTAINERS, ContainerListCodec.encode(assigned));
            task.put(InfluxSourceTaskConfig.TASK_DEFAULT_UNTIL_NS, Long.toString(defaultUntilNs));
            configs.add(task);
        }
        if (configs.isEmpty()) {
            LOG.warn("no container in scope: check databases.include/exclude, retention.policies.include and "
                    + "measurements.include/exclude; no task is started");
        }
        return configs;
    }

    @Override
    public void stop() {
        if (monitor != null) {
            monitor.close();
            monitor = null;
        }
    }

    @Override
    public ConfigDef config() {
        return InfluxSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        LiveConfigCheck.check(connectorConfigs, result);
        return result;
    }

    /** Reads are repeatable and offsets exact, so Connect's exactly-once source mode (KIP-618) works as is. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    /**
     * Checks what users PATCH or DELETE through {@code /connectors/{name}/offsets}: every partition must be a
     * container and every offset (unless null: reset) a valid {@link SourceOffset}. A reset container is read again
     * from its first point up to the same backfill end.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            Container c = SourcePartitions.load(e.getKey());
            if (e.getValue() != null) {
                try {
                    OffsetLoader.load(e.getValue());
                } catch (InvalidOffsetException ex) {
                    throw new InvalidOffsetException("offset of " + c + ": " + ex.getMessage());
                }
            }
        }
        return true;
    }
}
