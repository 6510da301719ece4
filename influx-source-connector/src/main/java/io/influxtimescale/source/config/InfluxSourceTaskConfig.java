package io.influxtimescale.source.config;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import io.influxtimescale.source.discovery.Container;
import io.influxtimescale.source.discovery.ContainerListCodec;

/** A task's configuration: the connector's, plus what the connector decided for this task. */
public final class InfluxSourceTaskConfig extends InfluxSourceConfig {
    /** The containers this task reads, encoded by {@link ContainerListCodec}. */
    public static final String TASK_CONTAINERS = "task.containers";
    /** The backfill end for containers that have no offset yet (the connector's first start, or backfill.until). */
    public static final String TASK_DEFAULT_UNTIL_NS = "task.backfill.until.ns";

    public static final ConfigDef TASK_CONFIG_DEF = define(new ConfigDef())
            .define(TASK_CONTAINERS, Type.STRING, "", Importance.HIGH, "Containers assigned to this task.")
            .define(TASK_DEFAULT_UNTIL_NS, Type.LONG, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Backfill end (ns) for containers without an offset.");

    public InfluxSourceTaskConfig(Map<String, String> props) {
        super(TASK_CONFIG_DEF, props);
    }

    public List<Container> containers() {
        return ContainerListCodec.decode(getString(TASK_CONTAINERS));
    }

    public long defaultUntilNs() {
        return getLong(TASK_DEFAULT_UNTIL_NS);
    }
}
