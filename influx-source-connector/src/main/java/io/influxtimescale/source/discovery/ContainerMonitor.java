package io.influxtimescale.source.discovery;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.influxtimescale.source.influx.InfluxException;

/**
 * Looks for new containers while the connector follows live writes (a new database, retention policy or measurement
 * in scope) and reports the new full list when one appears. A container that disappears (a dropped measurement) is
 * not a reason to restart tasks: it keeps its offset and its reads come back empty.
 */
public final class ContainerMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerMonitor.class);

    private final ContainerDiscovery discovery;
    private final Supplier<List<Container>> current;
    private final Consumer<List<Container>> onNew;
    private final long intervalMs;
    private final boolean once;
    private final ScheduledExecutorService executor;
    private volatile boolean closed;

    /**
     * @param current the containers known so far, or null before the first discovery (then any answer is news)
     * @param once    stop after the first news (the connector only waited for InfluxDB to answer)
     */
    public ContainerMonitor(ContainerDiscovery discovery, Supplier<List<Container>> current,
                            Consumer<List<Container>> onNew, long intervalMs, boolean once) {
        this.once = once;
        this.discovery = discovery;
        this.current = current;
        this.onNew = onNew;
        this.intervalMs = Math.max(100, intervalMs);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "influx-source-container-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        executor.scheduleWithFixedDelay(this::checkOnce, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    void checkOnce() {
        try {
            List<Container> known = current.get();
            if (known == null) {
                List<Container> first = discovery.discover();
                report(first);
                return;
            }
            Set<Container> knownSet = new HashSet<>(known);
            List<Container> added = new ArrayList<>();
            for (Container c : discovery.discover()) {
                if (!knownSet.contains(c)) {
                    added.add(c);
                }
            }
            if (added.isEmpty()) {
                return;
            }
            List<Container> all = new ArrayList<>(known);
            all.addAll(added);
            java.util.Collections.sort(all);
            LOG.info("{} new containers in scope ({}{}); reconfiguring tasks", added.size(),
                    added.subList(0, Math.min(5, added.size())), added.size() > 5 ? ", ..." : "");
            report(all);
        } catch (InfluxException e) {
            LOG.warn("looking for new containers failed, trying again in {} ms: {}", intervalMs, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("looking for new containers failed, trying again in {} ms", intervalMs, e);
        }
    }

    private void report(List<Container> all) {
        if (closed) {
            return; // the connector stopped: never ask Connect to reconfigure it
        }
        onNew.accept(all);
        if (once) {
            closed = true;
            executor.shutdown();
        }
    }

    /** Stops looking and waits for a check in progress, so nothing is reported after the connector stopped. */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("a discovery of new containers did not end within 10 s of the connector stopping");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
