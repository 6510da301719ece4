package io.influxtimescale.source.config;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.discovery.ContainerListCodec;
import io.influxtimescale.source.discovery.SplitListCodec;
import io.influxtimescale.source.plan.SplitContainer;

/** A task's configuration: the connector's, plus what the connector decided for this task. */
public final class InfluxSourceTaskConfig extends InfluxSourceConfig {
    /** The containers this task reads, encoded by {@link ContainerListCodec}. */
    public static final String TASK_CONTAINERS = "task.containers";
    /** The backfill end for containers that have no offset yet (the connector's first start, or backfill.until). */
    public static final String TASK_DEFAULT_UNTIL_NS = "task.backfill.until.ns";
    /** This task's number among {@link #TASK_COUNT} tasks: it reads the slices {@code k} with k mod count = index. */
    public static final String TASK_INDEX = "task.index";
    public static final String TASK_COUNT = "task.count";
    /** Containers whose backfill is split into slices read by all tasks, encoded by {@link SplitListCodec}. */
    public static final String TASK_SPLIT = "task.split";

    public static final ConfigDef TASK_CONFIG_DEF = define(new ConfigDef())
            .define(TASK_CONTAINERS, Type.STRING, "", Importance.HIGH, "Containers assigned to this task.")
            .define(TASK_DEFAULT_UNTIL_NS, Type.LONG, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Backfill end (ns) for containers without an offset.")
            .define(TASK_INDEX, Type.INT, 0, Importance.LOW, "This task's number.")
            .define(TASK_COUNT, Type.INT, 1, Importance.LOW, "Number of tasks.")
            .define(TASK_SPLIT, Type.STRING, "", Importance.LOW, "Containers read in slices by all tasks.");

    public InfluxSourceTaskConfig(Map<String, String> props) {
        super(TASK_CONFIG_DEF, props);
    }

    public List<Container> containers() {
        return ContainerListCodec.decode(getString(TASK_CONTAINERS));
    }

    public long defaultUntilNs() {
        return getLong(TASK_DEFAULT_UNTIL_NS);
    }

    public int taskIndex() {
        return getInt(TASK_INDEX);
    }

    public int taskCount() {
        return getInt(TASK_COUNT);
    }

    public List<SplitContainer> splitContainers() {
        return SplitListCodec.decode(getString(TASK_SPLIT));
    }
}
