package io.influxtimescale.bench;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServerConnection;

import com.sun.management.GcInfo;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.fixtures.Fixtures;

/**
 * A real Kafka Connect distributed worker ({@code ConnectDistributed}, as {@code connect-distributed.sh} starts it) in
 * a JVM of its own, so that its memory is measured alone: peak heap per stage through JMX (the heap pools' peak
 * usage, reset at the start of each stage) and the process's peak resident set ({@code VmHWM} in
 * {@code /proc/<pid>/status}, over the whole run). Its class path leaves the connectors out; it loads them, the
 * Avro converter and Debezium's JDBC sink from {@code plugin.path}. With {@code jfr} it records a JFR profile.
 */
final class WorkerProcess implements AutoCloseable {
    private final Process process;
    private final String restUrl;
    private final Path dir;
    private final JMXConnector jmx;
    private final Thread sampler;
    private long liveAfterGcPeak;
    private long lastGcEnd = -1;

    private WorkerProcess(Process process, String restUrl, Path dir, JMXConnector jmx) {
        this.process = process;
        this.restUrl = restUrl;
        this.dir = dir;
        this.jmx = jmx;
        this.sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                sampleLiveHeap();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "worker-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static WorkerProcess start(String bootstrapServers, Path pluginPath, Path classPathFile, String maxHeap,
                               Path jfrFile, Path logDir) throws Exception {
        Path dir = Files.createTempDirectory("itc-bench-worker-");
        int restPort = Fixtures.freeLoopbackPort();
        int jmxPort = Fixtures.freeLoopbackPort();
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("group.id", "itc-bench");
        p.put("listeners", "http://127.0.0.1:" + restPort);
        p.put("rest.advertised.host.name", "127.0.0.1");
        p.put("config.storage.topic", "_bench-configs");
        p.put("offset.storage.topic", "_bench-offsets");
        p.put("status.storage.topic", "_bench-status");
        p.put("config.storage.replication.factor", "1");
        p.put("offset.storage.replication.factor", "1");
        p.put("status.storage.replication.factor", "1");
        p.put("plugin.path", pluginPath.toString());
        p.put("plugin.discovery", "hybrid_warn");
        p.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        // Sinks commit consumer offsets at this interval; the peer's end is detected by its consumer lag.
        p.put("offset.flush.interval.ms", "1000");
        p.put("topic.creation.enable", "true");
        Path props = dir.resolve("worker.properties");
        try (Writer w = Files.newBufferedWriter(props)) {
            p.store(w, "bench worker");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-XX:+UseG1GC",
                "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false"));
        String log4j = System.getProperty("log4j2.configurationFile");
        if (log4j != null) {
            cmd.add("-Dlog4j2.configurationFile=" + log4j);
            cmd.add("-Dbench.console.level=INFO");
        }
        if (jfrFile != null) {
            cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + jfrFile + ",dumponexit=true");
        }
        cmd.addAll(List.of("-cp", Files.readString(classPathFile).trim(),
                "org.apache.kafka.connect.cli.ConnectDistributed", props.toString()));
        Files.createDirectories(logDir);
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(logDir.resolve("worker.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        String restUrl = "http://127.0.0.1:" + restPort;
        ConnectRestClient rest = new ConnectRestClient(restUrl);
        Fixtures.await("the Connect worker's REST API", Duration.ofMinutes(2), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the worker exited; see " + logDir.resolve("worker.log"));
            }
            rest.connectors();
            return true;
        });
        JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
        return new WorkerProcess(process, restUrl, dir, jmx);
    }

    ConnectRestClient rest() {
        return new ConnectRestClient(restUrl);
    }

    long pid() {
        return process.pid();
    }

    private List<MemoryPoolMXBean> heapPools() throws IOException {
        MBeanServerConnection server = jmx.getMBeanServerConnection();
        List<MemoryPoolMXBean> pools = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getPlatformMXBeans(server, MemoryPoolMXBean.class)) {
            if (pool.getType() == MemoryType.HEAP) {
                pools.add(pool);
            }
        }
        return pools;
    }

    /** Starts a new stage: the heap pools' peaks start again from their current use. */
    synchronized void resetHeapPeak() throws IOException {
        for (MemoryPoolMXBean pool : heapPools()) {
            pool.resetPeakUsage();
        }
        liveAfterGcPeak = 0;
    }

    /** Samples the heap in use right after the latest collection (live set plus old garbage); every second. */
    synchronized void sampleLiveHeap() {
        try {
            List<String> heapPools = new ArrayList<>();
            for (MemoryPoolMXBean pool : heapPools()) {
                heapPools.add(pool.getName());
            }
            GcInfo latest = null;
            for (com.sun.management.GarbageCollectorMXBean gc : ManagementFactory.getPlatformMXBeans(
                    jmx.getMBeanServerConnection(), com.sun.management.GarbageCollectorMXBean.class)) {
                GcInfo info = gc.getLastGcInfo();
                if (info != null && (latest == null || info.getEndTime() > latest.getEndTime())) {
                    latest = info;
                }
            }
            if (latest != null && latest.getEndTime() != lastGcEnd) {
                lastGcEnd = latest.getEndTime();
                long live = 0;
                for (var e : latest.getMemoryUsageAfterGc().entrySet()) {
                    if (heapPools.contains(e.getKey())) {
                        live += e.getValue().getUsed();
                    }
                }
                liveAfterGcPeak = Math.max(liveAfterGcPeak, live);
            }
        } catch (IOException | RuntimeException e) {
            // the worker is stopping
        }
    }

    /**
     * Heap in MB since the last reset: {@code [0]} the largest heap in use right after a collection (the live set,
     * sampled every second), {@code [1]} the sum of the heap pools' peak use (an upper bound of the heap in use,
     * garbage included: G1 lets young regions fill up to what the heap allows before it collects).
     */
    synchronized long[] heapPeakMb() throws IOException {
        long sum = 0;
        for (MemoryPoolMXBean pool : heapPools()) {
            sum += pool.getPeakUsage().getUsed();
        }
        return new long[] {liveAfterGcPeak >> 20, sum >> 20};
    }

    /** The worker process's peak resident set (VmHWM), in MB. */
    long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
            }
        }
        return -1;
    }

    /** utime + stime of the worker process, in seconds. */
    double cpuSeconds() throws IOException {
        return ProcStat.cpuSeconds(process.pid());
    }

    @Override
    public void close() throws Exception {
        sampler.interrupt();
        try {
            jmx.close();
        } catch (IOException ignored) {
            // the worker may be gone already
        }
        process.destroy(); // SIGTERM: Connect stops gracefully, and JFR dumps its recording
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Fixtures.deleteTree(dir);
    }
}
