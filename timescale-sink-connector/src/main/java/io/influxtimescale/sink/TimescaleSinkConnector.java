package io.influxtimescale.sink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import io.influxtimescale.contract.Versions;
import io.influxtimescale.sink.config.ConnectionValidator;
import io.influxtimescale.sink.config.TimescaleSinkConfig;
import io.influxtimescale.sink.layout.Layouts;
import io.influxtimescale.sink.task.TimescaleSinkTask;

/**
 * Writes InfluxDB series windows (the influx-timescale record contract) into TimescaleDB hypertables, idempotently.
 * See docs/sink-connector.md.
 */
public class TimescaleSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Versions.of(getClass());
    }

    @Override
    public void start(Map<String, String> props) {
        new TimescaleSinkConfig(props); // fail fast on a bad configuration
        this.props = new HashMap<>(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return TimescaleSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> out = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            out.add(new HashMap<>(props));
        }
        return out;
    }

    @Override
    public void stop() {
        props = null;
    }

    @Override
    public ConfigDef config() {
        return TimescaleSinkConfig.CONFIG_DEF;
    }

    /**
     * Checks each setting, then connects and reports the problems the database shows on the setting that causes
     * them (unreachable server, bad credentials, TimescaleDB missing, missing privileges).
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> values = new HashMap<>();
        for (ConfigValue v : config.configValues()) {
            values.put(v.name(), v);
        }
        for (ConfigValue v : config.configValues()) {
            if (!v.errorMessages().isEmpty()) {
                return config; // the database checks need every setting to be right first
            }
        }
        TimescaleSinkConfig parsed;
        try {
            parsed = new TimescaleSinkConfig(connectorConfigs);
        } catch (ConfigException e) {
            // the one rule across settings: the shepard layout needs a container mapping
            ConfigValue v = values.get(TimescaleSinkConfig.SHEPARD_CONTAINER_IDS);
            v.addErrorMessage(e.getMessage());
            return config;
        }
        ConnectionValidator.validate(values, Layouts.create(parsed).tableNames());
        return config;
    }
}
