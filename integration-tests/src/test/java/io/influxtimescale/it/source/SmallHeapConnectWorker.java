package io.influxtimescale.it.source;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;

import io.influxtimescale.fixtures.KafkaConnectFixture;

/**
 * A Kafka broker and Connect worker in a JVM of their own, started by {@link InfluxSourceLargeMeasurementIT} with a
 * small heap so that the source's memory bound is tested where it runs. Protocol on stdout/stdin: prints
 * {@code REST=<url>} and {@code BOOTSTRAP=<servers>} when up; answers {@code peak} with {@code PEAK=...} (the
 * peak use of each heap pool since start); stops on {@code stop} or end of input.
 */
public final class SmallHeapConnectWorker {
    private SmallHeapConnectWorker() {
    }

    public static void main(String[] args) throws Exception {
        try (KafkaConnectFixture connect = KafkaConnectFixture.create()) {
            connect.start();
            System.out.println("REST=" + connect.restUrl());
            System.out.println("BOOTSTRAP=" + connect.bootstrapServers());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("stop")) {
                if (line.equals("peak")) {
                    // Per pool: young pools peak at their size by design; the old generation's peak is what stays.
                    StringBuilder peaks = new StringBuilder("PEAK=");
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (pool.getType() == MemoryType.HEAP) {
                            peaks.append(pool.getName()).append(": ")
                                    .append(pool.getPeakUsage().getUsed() / (1024 * 1024)).append(" MB; ");
                        }
                    }
                    System.out.println(peaks + "max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                            + " MB");
                    System.out.flush();
                }
            }
        }
        System.exit(0);
    }
}
