package io.influxtimescale.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import io.influxtimescale.source.discovery.SplitListCodec;
import io.influxtimescale.source.discovery.TaskAssignment;
import io.influxtimescale.source.influx.InfluxException;
import io.influxtimescale.source.influx.InfluxHttpClient;
import io.influxtimescale.source.offsets.InvalidOffsetException;
import io.influxtimescale.source.offsets.OffsetLoader;
import io.influxtimescale.source.offsets.SourceOffset;
import io.influxtimescale.source.offsets.SourcePartitions;
import io.influxtimescale.source.plan.InfluxTime;
import io.influxtimescale.source.plan.ShardGroup;
import io.influxtimescale.source.plan.SplitContainer;
import io.influxtimescale.source.plan.SplitPlanner;
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
    /** Null until the first discovery succeeded. */
    private volatile List<Container> containers;
    private volatile long defaultUntilNs;
    private ContainerMonitor monitor;
    private InfluxSourceConfig config;
    private InfluxHttpClient client;

    @Override
    public String version() {
        return io.influxtimescale.contract.Versions.of(getClass());
    }

    /**
     * Discovers once; when InfluxDB is not reachable (a retryable failure), the connector starts anyway with no tasks
     * and its {@link ContainerMonitor} keeps trying in the background, so start() never blocks Connect's herder for
     * minutes. Refused credentials and other permanent failures fail the connector at once, naming the fix.
     */
    @Override
    public void start(Map<String, String> props) {
        this.props = new HashMap<>(props);
        InfluxSourceConfig config = new InfluxSourceConfig(props);
        InfluxHttpClient client = new InfluxHttpClient(config.connectionSettings());
        this.config = config;
        this.client = client;
        ContainerDiscovery discovery = new ContainerDiscovery(new SchemaDiscovery(client, config.queryChunkSize()),
                new ScopeFilter(config));
        try {
            found(discovery.discover());
        } catch (InfluxException e) {
            if (!e.retryable()) {
                throw new ConnectException("discovering databases, retention policies and measurements on "
                        + client.settings() + " failed: " + e.getMessage(), e);
            }
            LOG.warn("InfluxDB at {} cannot be reached yet ({}); the connector starts without tasks and looks again "
                    + "every {} ms", client.settings(), e.getMessage(), monitorIntervalMs(config, true));
        }
        // In the live modes new containers are looked for all along; in mode backfill only until the first success.
        boolean once = !config.liveEnabled();
        if (!once || containers == null) {
            monitor = new ContainerMonitor(discovery, () -> containers, list -> {
                found(list);
                context().requestTaskReconfiguration();
            }, monitorIntervalMs(config, containers == null), once);
            monitor.start();
        }
    }

    private static long monitorIntervalMs(InfluxSourceConfig config, boolean waitingForFirst) {
        long discovery = config.discoveryIntervalNs() / 1_000_000L;
        return waitingForFirst ? Math.min(discovery, Math.max(100, config.retryBackoffMs())) : discovery;
    }

    /** The containers in scope are known (again); the first time, the backfill end for new containers is fixed. */
    private synchronized void found(List<Container> list) {
        if (containers == null) {
            defaultUntilNs = chooseUntil(config, list);
            LOG.info("{} containers in scope on {}; backfill until {} for containers without offsets", list.size(),
                    client.settings(), TimeFormat.format(defaultUntilNs));
        }
        containers = list;
    }

    private long chooseUntil(InfluxSourceConfig config, List<Container> found) {
        OptionalLong configured = config.backfillUntilNs();
        if (configured.isPresent()) {
            return configured.getAsLong();
        }
        // The first start's moment lives in the offsets of the containers read so far.
        for (SourceOffset o : storedOffsets(found).values()) {
            return o.untilNs();
        }
        return TimeFormat.toNanos(java.time.Instant.now());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return InfluxSourceTask.class;
    }

    /**
     * Containers are dealt whole to tasks, round-robin; with more than one task, a container with more than one slice
     * of history left to backfill is also read in slices by all tasks ({@link SplitPlanner}), while its live phase
     * and reconciliation stay with the task it was dealt to.
     */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Container> all = containers;
        if (all == null) {
            LOG.info("InfluxDB has not been reached yet: no task until the containers are known");
            return List.of();
        }
        List<SplitContainer> splits = planSplits(all, maxTasks);
        int tasks = all.isEmpty() ? 0 : splits.isEmpty() ? Math.min(maxTasks, all.size()) : maxTasks;
        List<List<Container>> dealt = new ArrayList<>(TaskAssignment.assign(all, tasks));
        while (dealt.size() < tasks) {
            dealt.add(List.of()); // a task that reads only slices
        }
        String encodedSplits = SplitListCodec.encode(splits);
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < dealt.size(); i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(InfluxSourceTaskConfig.TASK_CONTAINERS, ContainerListCodec.encode(dealt.get(i)));
            task.put(InfluxSourceTaskConfig.TASK_DEFAULT_UNTIL_NS, Long.toString(defaultUntilNs));
            task.put(InfluxSourceTaskConfig.TASK_INDEX, Integer.toString(i));
            task.put(InfluxSourceTaskConfig.TASK_COUNT, Integer.toString(dealt.size()));
            task.put(InfluxSourceTaskConfig.TASK_SPLIT, encodedSplits);
            configs.add(task);
        }
        if (!splits.isEmpty()) {
            LOG.info("{} containers are read in slices of {} by all {} tasks: {}", splits.size(),
                    java.time.Duration.ofNanos(splits.get(0).sliceNs()), tasks,
                    splits.stream().map(s -> s.container() + " (" + s.slices().size() + " slices)").limit(5).toList());
        }
        if (configs.isEmpty()) {
            LOG.warn("no container in scope: check databases.include/exclude, retention.policies.include and "
                    + "measurements.include/exclude; no task is started");
        }
        return configs;
    }

    private List<SplitContainer> planSplits(List<Container> all, int maxTasks) {
        SplitPlanner planner = new SplitPlanner(config.backfillEnabled() ? config.sliceNs() : 0, maxTasks);
        List<SplitContainer> out = new ArrayList<>();
        if (!planner.splits() || all.isEmpty()) {
            return out;
        }
        Map<Container, SourceOffset> stored = storedOffsets(all);
        SchemaDiscovery discovery = new SchemaDiscovery(client, config.queryChunkSize());
        OptionalLong from = config.backfillFromNs();
        Optional<Map<String, Map<String, List<ShardGroup>>>> groups = discovery.shardGroups();
        for (Container c : all) {
            Optional<List<ShardGroup>> ofPolicy = groups.map(g -> g.getOrDefault(c.database(), Map.of())
                    .getOrDefault(c.retentionPolicy(), List.of()));
            planner.decide(c, stored.get(c), defaultUntilNs, () -> from.isPresent() ? from
                    : discovery.firstPointTime(c, InfluxTime.MIN_NS, defaultUntilNs), ofPolicy).ifPresent(out::add);
        }
        return out;
    }

    /** The containers' stored offsets (invalid ones are left to the tasks, which fail naming them). */
    private Map<Container, SourceOffset> storedOffsets(List<Container> found) {
        Map<Container, SourceOffset> out = new HashMap<>();
        OffsetStorageReader reader = context().offsetStorageReader();
        if (reader == null) {
            return out;
        }
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (Container c : found) {
            partitions.add(SourcePartitions.of(c));
        }
        Map<Map<String, Object>, Map<String, Object>> raw = reader.offsets(partitions);
        for (Container c : found) {
            Map<String, Object> offset = raw == null ? null : raw.get(SourcePartitions.of(c));
            if (offset != null) {
                try {
                    out.put(c, OffsetLoader.load(offset));
                } catch (InvalidOffsetException e) {
                    LOG.warn("the stored offset of {} is not valid ({}); its task will say so", c, e.getMessage());
                }
            }
        }
        return out;
    }

    @Override
    public void stop() {
        if (monitor != null) {
            monitor.close();
            monitor = null;
        }
        if (client != null) {
            client.close();
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
            Object c = SourcePartitions.isSlice(e.getKey()) ? SourcePartitions.loadSlice(e.getKey())
                    : SourcePartitions.load(e.getKey());
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
