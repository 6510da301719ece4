package io.influxtimescale.it.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.contract.FieldColumn;
import io.influxtimescale.contract.RecordContract;
import io.influxtimescale.contract.SeriesWindow;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.InfluxServer;

/**
 * One measurement of a million points (two million field values) is read by a worker whose JVM has a 256 MB heap
 * (broker included), every point arrives once, and the throughput from InfluxDB into Kafka is printed.
 */
class InfluxSourceLargeMeasurementIT {
    private static final String DB = "large";
    private static final int SERIES = 10;
    /** 100,000 by default (a million points); -Ditc.large.pointsPerSeries=500000 gives the 10-million-value run. */
    private static final int POINTS_PER_SERIES = Integer.getInteger("itc.large.pointsPerSeries", 100_000);
    private static final long T0 = 1_500_000_000_000_000_000L;
    private static final long STEP = 1_000_000_000L;
    /** -Ditc.large.heap=-Xmx128m tries a smaller worker heap. */
    private static final String HEAP = System.getProperty("itc.large.heap", "-Xmx256m");

    @RegisterExtension
    static final InfluxServer INFLUX = InfluxServer.create();

    @Test
    void aMillionPointsPassThroughAWorkerWithASmallHeap() throws Exception {
        writeData();
        Process worker = startWorker();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                StandardCharsets.UTF_8)); PrintWriter in = new PrintWriter(worker.getOutputStream(), true)) {
            Map<String, String> endpoints = readEndpoints(out);
            ConnectRestClient rest = new ConnectRestClient(endpoints.get("REST"));
            Map<String, String> config = SourceConnectorConfigs.base(INFLUX.url(), "big.");
            config.put("tasks.max", "1");
            config.put("window.duration.ms", "3600000");
            long start = System.nanoTime();
            rest.putConnectorConfig("large-source", config);

            BitSet[] seen = new BitSet[SERIES];
            for (int s = 0; s < SERIES; s++) {
                seen[s] = new BitSet(POINTS_PER_SERIES);
            }
            long values = consumeAll(endpoints.get("BOOTSTRAP"), "big." + DB, seen);
            double seconds = (System.nanoTime() - start) / 1e9;
            long rawStart = System.nanoTime();
            long rawBytes = rawQuery();
            double rawSeconds = (System.nanoTime() - rawStart) / 1e9;
            System.out.printf("for comparison: the same points as one chunked msgpack query to a discarding client: "
                    + "%.1f s (%d bytes)%n", rawSeconds, rawBytes);
            for (int s = 0; s < SERIES; s++) {
                assertThat(seen[s].cardinality()).as("series %d", s).isEqualTo(POINTS_PER_SERIES);
            }
            in.println("peak");
            String peak;
            do {
                peak = out.readLine(); // the worker's log shares its stdout
            } while (peak != null && !peak.startsWith("PEAK="));
            System.out.printf("large measurement: %d field values (%d points) from InfluxDB into Kafka in %.1f s = "
                    + "%.0f field values/s; worker JVM %s, %s%n", values, (long) SERIES * POINTS_PER_SERIES,
                    seconds, values / seconds, HEAP, peak);
            assertThat(values).isGreaterThanOrEqualTo(2L * SERIES * POINTS_PER_SERIES);
            assertThat(rest.status("large-source").path("tasks").findValuesAsText("state")).containsOnly("RUNNING");
            in.println("stop");
        } finally {
            if (!worker.waitFor(60, TimeUnit.SECONDS)) {
                worker.destroy();
                if (!worker.waitFor(10, TimeUnit.SECONDS)) {
                    worker.destroyForcibly();
                }
            }
        }
    }

    /** What InfluxDB alone needs to produce the measurement: one chunked msgpack query, answer discarded. */
    private static long rawQuery() throws IOException, InterruptedException {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String form = "db=" + DB + "&epoch=ns&chunked=true&chunk_size=10000&q=" + java.net.URLEncoder.encode(
                "SELECT \"temp\"::field, \"seq\"::field FROM \"metrics\" GROUP BY *", StandardCharsets.UTF_8);
        java.net.http.HttpResponse<InputStream> r = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(INFLUX.url() + "/query")).header("Accept", "application/x-msgpack")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        long n = 0;
        try (InputStream in = r.body()) {
            byte[] buf = new byte[1 << 16];
            int k;
            while ((k = in.read(buf)) > 0) {
                n += k;
            }
        }
        return n;
    }

    private static void writeData() {
        INFLUX.query("CREATE DATABASE " + DB);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < POINTS_PER_SERIES; i++) {
            long t = T0 + i * STEP;
            for (int s = 0; s < SERIES; s++) {
                lines.append("metrics,sensor=s").append(s).append(" temp=").append(i * 0.25 + s).append(",seq=")
                        .append(i).append("i ").append(t).append('\n');
            }
            if (lines.length() > 4_000_000) {
                INFLUX.write(DB, lines.toString());
                lines.setLength(0);
            }
        }
        INFLUX.write(DB, lines.toString());
    }

    private static Process startWorker() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, HEAP, "-cp", System.getProperty("java.class.path"),
                "-Ditc.plugin.path=" + System.getProperty("itc.plugin.path"),
                SmallHeapConnectWorker.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(Path.of(System.getProperty("java.io.tmpdir"), "itc-small-heap-worker.log").toFile());
        return pb.start();
    }

    private static Map<String, String> readEndpoints(BufferedReader out) throws IOException {
        Map<String, String> endpoints = new HashMap<>();
        String line;
        while (endpoints.size() < 2 && (line = out.readLine()) != null) {
            int eq = line.indexOf('=');
            if (eq > 0 && (line.startsWith("REST=") || line.startsWith("BOOTSTRAP="))) {
                endpoints.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertThat(endpoints).as("the worker JVM must report its endpoints").containsKeys("REST", "BOOTSTRAP");
        return endpoints;
    }

    private static long consumeAll(String bootstrap, String topic, BitSet[] seen) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of("schemas.enable", "true"), false);
        long values = 0;
        long total = (long) SERIES * POINTS_PER_SERIES;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            Fixtures.await("topic " + topic, Duration.ofSeconds(120), () -> {
                partitions.clear();
                consumer.partitionsFor(topic, Duration.ofSeconds(5))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                return !partitions.isEmpty();
            });
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long points = 0;
            while (points < total) {
                assertThat(System.nanoTime()).as("all points within 10 minutes; %d of %d so far", points, total)
                        .isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    SchemaAndValue v = converter.toConnectData(topic, r.value());
                    SeriesWindow w = RecordContract.seriesWindow(v.value());
                    int s = Integer.parseInt(w.series().tags().get("sensor").substring(1));
                    for (int i = 0; i < w.size(); i++) {
                        int index = (int) ((w.timeAt(i) - T0) / STEP);
                        if (!seen[s].get(index)) {
                            seen[s].set(index);
                            points++;
                        }
                    }
                    for (FieldColumn c : w.fields()) {
                        values += c.size();
                    }
                }
            }
        }
        return values;
    }
}
