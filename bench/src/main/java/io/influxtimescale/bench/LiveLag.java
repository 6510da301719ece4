package io.influxtimescale.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.influxtimescale.fixtures.InfluxServer;

/**
 * Live lag, the approach of LiveLagBenchmark (integration-tests): a steady {@code rate} of points/s written into
 * InfluxDB in batches every 100 ms (100 series of 10 measurements, one float field), plus one point of a marker series
 * per batch stamped with the write's wall time. A poller looks for the markers in TimescaleDB every 20 ms; a marker's
 * lag is the time from its write to its first sighting. The first sixth of the markers (the connectors settling) is
 * left out.
 */
final class LiveLag {
    static final String MARKER = "lagmarker";
    private static final int SERIES = 100;

    record Result(long p50Ms, long p99Ms, long maxMs, int markers, double achievedRate) {
    }

    private LiveLag() {
    }

    /** One point at {@code ms} in each measurement and series that {@link #measure} writes to, the marker's included. */
    static String pastPoints(long ms) {
        StringBuilder lines = new StringBuilder();
        long t = ms * 1_000_000L;
        for (int series = 0; series < SERIES; series++) {
            lines.append('m').append(series % 10).append(",device=d").append(series / 10).append(" value=-1.5 ")
                    .append(t).append('\n');
        }
        lines.append(MARKER).append(",device=x value=-1 ").append(t).append('\n');
        return lines.toString();
    }

    /** Writes for {@code seconds} while polling; returns the lags once every marker has arrived (or 2 min passed). */
    static Result measure(InfluxServer influx, String database, int rate, int seconds,
                          Supplier<Connection> timescale, LayoutProbe probe) throws Exception {
        Map<Long, Long> writtenAtMs = new ConcurrentSkipListMap<>();
        Map<Long, Long> lagMs = new ConcurrentSkipListMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread poller = new Thread(() -> {
            try (Connection c = timescale.get()) {
                while (!stop.get()) {
                    poll(c, probe, writtenAtMs, lagMs);
                    Thread.sleep(20);
                }
            } catch (InterruptedException | SQLException e) {
                // stopped
            }
        }, "lag-poller");
        poller.start();
        int perBatch = rate / 10;
        long start = System.nanoTime();
        long written = 0;
        for (int b = 0; b < seconds * 10; b++) {
            long wait = start + b * 100_000_000L - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            Instant now = Instant.now();
            long t = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            StringBuilder lines = new StringBuilder(perBatch * 48);
            for (int p = 0; p < perBatch; p++) {
                int series = p % SERIES;
                lines.append('m').append(series % 10).append(",device=d").append(series / 10).append(" value=")
                        .append(written++).append(".5 ").append(t + p / SERIES).append('\n');
            }
            long markerTime = t + perBatch;
            lines.append(MARKER).append(",device=x value=").append(b).append(' ').append(markerTime).append('\n');
            influx.write(database, lines.toString());
            writtenAtMs.put(markerTime, System.currentTimeMillis());
        }
        double achieved = written / ((System.nanoTime() - start) / 1e9);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (lagMs.size() < writtenAtMs.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        stop.set(true);
        poller.join();
        List<Long> lags = new ArrayList<>();
        long skip = writtenAtMs.size() / 6;
        int i = 0;
        for (Map.Entry<Long, Long> e : writtenAtMs.entrySet()) {
            if (i++ >= skip) {
                Long lag = lagMs.get(e.getKey());
                lags.add(lag == null ? Long.MAX_VALUE : lag); // never arrived: counts as worst
            }
        }
        Collections.sort(lags);
        return new Result(pct(lags, 50), pct(lags, 99), lags.get(lags.size() - 1), lags.size(), achieved);
    }

    private static void poll(Connection c, LayoutProbe probe, Map<Long, Long> writtenAtMs, Map<Long, Long> lagMs) {
        try {
            long now = System.currentTimeMillis();
            for (long t : probe.markerTimes(c, MARKER)) {
                Long written = writtenAtMs.get(t);
                if (written != null) {
                    lagMs.putIfAbsent(t, now - written);
                }
            }
        } catch (SQLException e) {
            // the marker's table is not there yet
        }
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * p / 100.0) - 1));
    }
}
