package io.influxtimescale.bench;

import java.io.IOException;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.MBeanServerConnection;

import com.sun.management.GcInfo;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.fixtures.ConnectWorkerProcess;
import io.influxtimescale.fixtures.Fixtures;

/**
 * The benchmark's Kafka Connect worker: a {@link ConnectWorkerProcess} (a real {@code ConnectDistributed} in a JVM of
 * its own) with JMX on, so that its memory is measured alone: peak heap per stage through JMX (the heap pools' peak
 * usage, reset at the start of each stage) and the process's peak resident set ({@code VmHWM} in
 * {@code /proc/<pid>/status}, over the whole run). Its class path leaves the connectors out; it loads them, the
 * Avro converter and Debezium's JDBC sink from {@code plugin.path}. With {@code jfr} it records a JFR profile.
 */
final class BenchWorker implements AutoCloseable {
    private final ConnectWorkerProcess process;
    private final JMXConnector jmx;
    private final Thread sampler;
    private long liveAfterGcPeak;
    private long lastGcEnd = -1;

    private BenchWorker(ConnectWorkerProcess process, JMXConnector jmx) {
        this.process = process;
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

    static BenchWorker start(String bootstrapServers, Path pluginPath, Path classPathFile, String maxHeap,
                             List<String> jvmOptions, Path jfrFile, Path logDir) throws Exception {
        int jmxPort = Fixtures.freeLoopbackPort();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("group.id", "itc-bench");
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
        ConnectWorkerProcess.Builder worker = ConnectWorkerProcess.builder().name("worker").directory(logDir)
                .properties(p).classPath(Files.readString(classPathFile).trim()).maxHeap(maxHeap)
                .jvmOption("-Dcom.sun.management.jmxremote.port=" + jmxPort)
                .jvmOption("-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort)
                .jvmOption("-Dcom.sun.management.jmxremote.host=127.0.0.1")
                .jvmOption("-Djava.rmi.server.hostname=127.0.0.1")
                .jvmOption("-Dcom.sun.management.jmxremote.authenticate=false")
                .jvmOption("-Dcom.sun.management.jmxremote.ssl=false")
                // where the resident set beyond the heap goes (a few % of CPU for its bookkeeping, equal in all stages)
                .jvmOption("-XX:NativeMemoryTracking=summary");
        jvmOptions.forEach(worker::jvmOption);
        if (jfrFile != null) {
            worker.jvmOption("-XX:StartFlightRecording=settings=profile,filename=" + jfrFile + ",dumponexit=true");
        }
        ConnectWorkerProcess process = worker.build().start();
        try {
            JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(
                    "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi"));
            return new BenchWorker(process, jmx);
        } catch (IOException | RuntimeException e) {
            process.close();
            throw e;
        }
    }

    ConnectRestClient rest() {
        return process.rest();
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
     * garbage included: the collector lets the young generation fill up before it collects).
     */
    synchronized long[] heapPeakMb() throws IOException {
        long sum = 0;
        for (MemoryPoolMXBean pool : heapPools()) {
            sum += pool.getPeakUsage().getUsed();
        }
        return new long[] {liveAfterGcPeak >> 20, sum >> 20};
    }

    /** The worker process's peak resident set (VmHWM), in MB. */
    /**
     * The JVM's own account of its memory (Native Memory Tracking, {@code jcmd VM.native_memory summary}): committed MB
     * per category, largest first, as "category: MB" lines; empty if jcmd cannot answer.
     */
    List<String> nativeMemoryCommittedMb() {
        List<String> out = new ArrayList<>();
        try {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "VM.native_memory", "summary",
                    "scale=MB").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = Pattern.compile(
                    "(?m)^(?:-\\s+)?([A-Za-z][A-Za-z ]*?)\\s*\\(reserved=\\d+MB, committed=(\\d+)MB\\)").matcher(text);
            List<Map.Entry<String, Long>> rows = new ArrayList<>();
            while (m.find()) {
                rows.add(Map.entry(m.group(1).trim(), Long.parseLong(m.group(2))));
            }
            Matcher total = Pattern.compile("Total: reserved=\\d+MB, committed=(\\d+)MB")
                    .matcher(text);
            if (total.find()) {
                out.add("Total: " + total.group(1));
            }
            rows.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
            for (Map.Entry<String, Long> r : rows) {
                if (r.getValue() > 0) {
                    out.add(r.getKey() + ": " + r.getValue());
                }
            }
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        return out;
    }

    long peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
            }
        }
        return -1;
    }

    /** utime + stime of the worker process, in seconds. */
    double cpuSeconds() throws IOException {
        return ProcStat.cpuSeconds(pid());
    }

    @Override
    public void close() throws Exception {
        sampler.interrupt();
        try {
            jmx.close();
        } catch (IOException ignored) {
            // the worker may be gone already
        }
        process.close(); // SIGTERM: Connect stops gracefully, and JFR dumps its recording
    }
}
