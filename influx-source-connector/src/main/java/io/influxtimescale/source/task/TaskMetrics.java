package io.influxtimescale.source.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * The task's progress as Connect metrics (KIP-877 plugin metrics: JMX {@code kafka.connect:type=plugins}, tagged with
 * the connector and task): how far the live phase trails InfluxDB, and how many containers are in each phase.
 */
public final class TaskMetrics implements AutoCloseable {
    private final PluginMetrics metrics;
    private final List<MetricName> names = new ArrayList<>();

    private TaskMetrics(PluginMetrics metrics) {
        this.metrics = metrics;
    }

    /** Registers the gauges; either phase may be null. Returns a no-op when the worker offers no plugin metrics. */
    public static TaskMetrics register(PluginMetrics metrics, BackfillPhase backfill, LivePhase live) {
        TaskMetrics m = new TaskMetrics(metrics);
        if (metrics == null) {
            return m;
        }
        m.gauge("live-lag-ms", "Age of the oldest live watermark of this task, in ms: how far what reached Kafka "
                + "trails the writes into InfluxDB (0 when nothing is live yet).", live == null ? () -> 0L
                : live::maxLagMs);
        m.gauge("live-containers", "Containers this task follows live.", live == null ? () -> 0L
                : () -> (long) live.containerCount());
        m.gauge("backfill-containers-remaining", "Containers of this task whose backfill is not complete.",
                backfill == null ? () -> 0L : () -> (long) backfill.remainingContainers());
        return m;
    }

    private void gauge(String name, String description, java.util.function.LongSupplier value) {
        MetricName n = metrics.metricName(name, description, new LinkedHashMap<>());
        metrics.addMetric(n, (Gauge<Long>) (config, now) -> value.getAsLong());
        names.add(n);
    }

    @Override
    public void close() {
        if (metrics != null) {
            for (MetricName n : names) {
                metrics.removeMetric(n);
            }
        }
        names.clear();
    }
}
