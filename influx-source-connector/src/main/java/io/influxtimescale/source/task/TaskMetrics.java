package io.influxtimescale.source.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * The task's progress as Connect metrics (KIP-877 plugin metrics: JMX {@code kafka.connect:type=plugins}, tagged with
 * the connector and task): how far the live phase trails InfluxDB, how many containers are in each phase, and what
 * reconciliation still has to repair. Per container, the offsets say the same (itc status).
 */
public final class TaskMetrics implements AutoCloseable {
    private final PluginMetrics metrics;
    private final List<MetricName> names = new ArrayList<>();

    private TaskMetrics(PluginMetrics metrics) {
        this.metrics = metrics;
    }

    /** Registers the gauges; either phase may be null. Returns a no-op when the worker offers no plugin metrics. */
    public static TaskMetrics register(PluginMetrics metrics, BackfillPhase backfill, LivePhase live,
                                       ReconcilePhase reconcile) {
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
        m.gauge("reconcile-pending-cells", "Cells reconciliation found to differ from what was emitted and has not "
                + "read again yet.", reconcile == null ? () -> 0L : reconcile::pendingCells);
        m.gauge("reconciled-age-ms", "Age of the oldest last complete reconciliation cycle of this task's containers, "
                + "in ms: everything written to InfluxDB before then has been emitted (-1: some container has not "
                + "completed one yet, or reconciliation is off).", reconcile == null ? () -> -1L
                : reconcile::reconciledAgeMs);
        m.gauge("reconcile-extra-values", "Field values reconciliation found emitted but no longer in InfluxDB "
                + "(deleted there after they were copied; TimescaleDB still holds them).",
                reconcile == null ? () -> 0L : reconcile::extraValues);
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
