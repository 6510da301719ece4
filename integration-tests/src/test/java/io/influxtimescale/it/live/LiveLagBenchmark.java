package io.influxtimescale.it.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;
import io.influxtimescale.fixtures.KafkaConnectFixture;
import io.influxtimescale.fixtures.TimescaleServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not a test (no assertions; failsafe runs it only when named: {@code dev/test -pl integration-tests -am
 * -Dit.test=LiveLagBenchmark -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false}). Measures the live phase at a
 * steady write rate: end-to-end lag from the write into InfluxDB to the row being visible in TimescaleDB (p50, p99,
 * max), and the CPU InfluxDB spends, against a baseline of the same writes without the pipeline, in the same run.
 *
 * <p>Rate and duration: {@code -Ditc.bench.rate=10000} points/s, {@code -Ditc.bench.seconds=60}. The lag is sampled
 * by a marker series written once per write batch (every 100 ms), polled in TimescaleDB every 20 ms.
 */
class LiveLagBenchmark {
    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.create();
    @RegisterExtension
    static final TimescaleServer TIMESCALE = TimescaleServer.create();
    @RegisterExtension
    static final KafkaConnectFixture CONNECT = KafkaConnectFixture.create();

    private static final String BASELINE_DB = "bench_baseline";
    private static final int RATE = Integer.getInteger("itc.bench.rate", 10_000);
    private static final int SECONDS = Integer.getInteger("itc.bench.seconds", 60);
    private static final int SERIES = 100;

    @Test
    void measure() throws Exception {
        INFLUX.query("CREATE DATABASE " + BASELINE_DB);
        String database = TIMESCALE.createDatabase("bench");
        long influxPid = influxPid(INFLUX);
        List<String> report = new ArrayList<>();
        report.add(String.format("live lag benchmark: %d points/s into %d series of 10 measurements, %d s per run, "
                + "%d cores", RATE, SERIES, SECONDS, Runtime.getRuntime().availableProcessors()));

        double baseline = writeSteadily(influxPid, BASELINE_DB, 20, null, null);
        report.add(String.format("baseline (writes only, no pipeline): InfluxDB CPU %.3f s per s", baseline));

        ConnectRestClient rest = CONNECT.rest();
        Map<String, String> profiles = new java.util.LinkedHashMap<>();
        profiles.put("defaults", "");
        profiles.put("low-latency", "live.poll.interval.ms=250,live.safety.delay.ms=250,sink batch.linger.ms=200");
        int n = 0;
        for (Map.Entry<String, String> profile : profiles.entrySet()) {
            n++;
            String source = "source" + n;
            String sink = "sink" + n;
            String schema = "bench" + n;
            String prefix = "bench" + n + ".";
            String db = "bench" + n; // its own database: a profile must not backfill what the previous one wrote
            INFLUX.query("CREATE DATABASE " + db);
            // Every measurement exists before the connector starts: a measurement created later is found by the
            // connector's discovery, which restarts the tasks (a lag spike of its own, not the steady state).
            long before = (System.currentTimeMillis() - 60_000) * 1_000_000L;
            StringBuilder first = new StringBuilder("lagmarker,host=x value=-1 " + before);
            for (int series = 0; series < SERIES; series++) {
                first.append("\nm").append(series % 10).append(",host=h").append(series / 10).append(" value=-1 ")
                        .append(before);
            }
            INFLUX.write(db, first.toString());
            Map<String, String> s = sourceConfig(prefix, db);
            Map<String, String> k = LiveChecks.narrowSink(TIMESCALE, database, prefix + db, schema, 1);
            if (profile.getKey().equals("low-latency")) {
                s.put("live.poll.interval.ms", "250");
                s.put("live.safety.delay.ms", "250");
                k.put("batch.linger.ms", "200");
            }
            rest.putConnectorConfig(source, s);
            Fixtures.await("topic", Duration.ofMinutes(1), () -> CONNECT.topics().contains(prefix + db));
            rest.putConnectorConfig(sink, k);
            Fixtures.await("the source to go live", Duration.ofMinutes(2), () -> LiveChecks.liveContainers(rest, source) > 0);
            Map<Long, Long> visibleAfterMs = new ConcurrentSkipListMap<>();
            Map<Long, Long> writtenAtMs = new ConcurrentSkipListMap<>();
            double cpu = writeSteadily(influxPid, db, SECONDS, writtenAtMs, () -> pollMarkers(database, schema,
                    writtenAtMs, visibleAfterMs));
            Fixtures.await("the last marker", Duration.ofMinutes(2), () -> {
                pollMarkers(database, schema, writtenAtMs, visibleAfterMs);
                return visibleAfterMs.size() == writtenAtMs.size();
            });
            List<Long> lags = new ArrayList<>();
            long skip = writtenAtMs.size() / 6; // the first sixth: the connector settling
            int i = 0;
            for (Map.Entry<Long, Long> e : visibleAfterMs.entrySet()) {
                if (i++ >= skip) {
                    lags.add(e.getValue());
                }
            }
            // The worst markers and when they were written: periodic stalls show as a rhythm here.
            long firstWrite = writtenAtMs.values().stream().mapToLong(Long::longValue).min().orElse(0);
            String worst = visibleAfterMs.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(8)
                    .map(e -> String.format("%.1fs:%dms", (writtenAtMs.get(e.getKey()) - firstWrite) / 1000.0,
                            e.getValue()))
                    .collect(java.util.stream.Collectors.joining(", "));
            Collections.sort(lags);
            report.add(String.format("%-12s (%s): lag p50 %d ms, p99 %d ms, max %d ms over %d markers; InfluxDB CPU "
                            + "%.3f s per s (+%.3f over the baseline)", profile.getKey(),
                    profile.getValue().isEmpty() ? "poll 1s, safety 1s, lateness 1m, sweep 5s, linger 1000ms"
                            : profile.getValue(), pct(lags, 50), pct(lags, 99), lags.get(lags.size() - 1),
                    lags.size(), cpu, cpu - baseline));
            report.add("    worst markers (written at s:lag): " + worst + "; load average " + loadAverage());
            rest.delete(source);
            rest.delete(sink);
        }
        System.out.println(String.join("\n", report));
        Path out = Path.of("target", "live-lag-benchmark.txt");
        Files.writeString(out, String.join("\n", report) + "\n");
    }

    /**
     * Writes {@code RATE} points/s for {@code seconds} in batches every 100 ms, one marker point per batch (its time
     * is the write's wall time), running {@code onTick} between batches. Returns InfluxDB's CPU seconds per second.
     */
    private static double writeSteadily(long pid, String db, int seconds, Map<Long, Long> markers, Runnable onTick)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread poller = null;
        if (onTick != null) {
            poller = new Thread(() -> {
                while (!stop.get()) {
                    onTick.run();
                    sleep(20);
                }
            }, "lag-poller");
            poller.start();
        }
        int perBatch = RATE / 10;
        double cpu0 = cpuSeconds(pid);
        long start = System.nanoTime();
        long seq = 0;
        for (int b = 0; b < seconds * 10; b++) {
            long due = start + b * 100_000_000L;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            Instant now = Instant.now();
            long t = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            StringBuilder lines = new StringBuilder(perBatch * 48);
            for (int p = 0; p < perBatch; p++) {
                int series = p % SERIES;
                lines.append('m').append(series % 10).append(",host=h").append(series / 10).append(" value=")
                        .append(seq++).append(".5 ").append(t + p / SERIES).append('\n');
            }
            long markerTime = t + perBatch;
            lines.append("lagmarker,host=x value=").append(b).append(" ").append(markerTime).append('\n');
            INFLUX.write(db, lines.toString());
            if (markers != null) {
                markers.put(markerTime, System.currentTimeMillis());
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpu = (cpuSeconds(pid) - cpu0) / elapsed;
        stop.set(true);
        if (poller != null) {
            poller.join();
        }
        return cpu;
    }

    /** Marks every marker now visible in TimescaleDB with its lag. */
    private static void pollMarkers(String database, String schema, Map<Long, Long> writtenAtMs,
                                    Map<Long, Long> visibleAfterMs) {
        String sql = "SELECT (extract(epoch FROM p.\"time\") * 1000000)::bigint * 1000 + p.time_ns FROM " + schema
                + ".points p JOIN " + schema + ".series s ON s.id = p.series_id WHERE s.measurement = 'lagmarker'"
                + " AND p.\"time\" > now() - interval '10 minutes'";
        try (Connection c = TIMESCALE.connect(database); PreparedStatement st = c.prepareStatement(sql);
             ResultSet rs = st.executeQuery()) {
            long now = System.currentTimeMillis();
            while (rs.next()) {
                long t = rs.getLong(1);
                Long written = writtenAtMs.get(t);
                if (written != null) {
                    visibleAfterMs.putIfAbsent(t, now - written);
                }
            }
        } catch (java.sql.SQLException e) {
            // tables not there yet
        }
    }


    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * p / 100.0) - 1));
    }

    static long influxPid(InfluxServer influx) {
        String dir = influx.directory().toString();
        return ProcessHandle.allProcesses().filter(h -> h.info().commandLine().orElse("").contains("influxd")
                        && h.info().commandLine().orElse("").contains(dir)).map(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("no influxd process under " + dir));
    }

    /** utime + stime of a process from /proc, in seconds. */
    static double cpuSeconds(long pid) throws Exception {
        String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split(" ");
        return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> sourceConfig(String prefix, String db) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "io.influxtimescale.source.InfluxSourceConnector");
        c.put("tasks.max", "1");
        c.put("influxdb.url", INFLUX.url());
        c.put("databases.include", db);
        c.put("topic.prefix", prefix);
        c.put("heartbeat.topic", prefix.replace('.', '_') + "heartbeats");
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.default.partitions", "3");
        return c;
    }

}
