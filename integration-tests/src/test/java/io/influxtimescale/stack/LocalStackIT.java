package io.influxtimescale.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.influxtimescale.connectrest.ConnectRestClient;
import io.influxtimescale.connectrest.PartitionOffset;
import io.influxtimescale.fixtures.Fixtures;
import io.influxtimescale.fixtures.TimescaleServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The local stack as {@code dev/stack} runs it (its own JVM from local-stack's class path, servers as processes, a
 * state directory), crashed for real: started on a small sample behind a throttle, killed with SIGKILL (its whole
 * process group) in the middle of the backfill, and started again on the same state. Every server must have died
 * with it (its ports free again), the second run must say it resumes, keep the sample (no second load), start from
 * the committed source offsets (never lower than before the kill, some past the start), and end with
 * {@code itc verify} matching InfluxDB point by point.
 */
class LocalStackIT {
    private static final Path REPO = Path.of(System.getProperty("itc.repo.dir", "..")).toAbsolutePath().normalize();
    private static final int[] PORTS = {LocalStackPorts.INFLUX, LocalStackPorts.POSTGRES, LocalStackPorts.REGISTRY,
        LocalStackPorts.KAFKA, LocalStackPorts.CONNECT};

    private final List<Process> started = new ArrayList<>();
    private Path state;

    @AfterEach
    void stopAndClean() throws Exception {
        for (Process p : started) {
            if (p.isAlive()) {
                p.destroy(); // SIGTERM: the stack stops its servers
                if (!p.waitFor(90, TimeUnit.SECONDS)) {
                    killGroup(p);
                }
            }
        }
        if (state != null) {
            Fixtures.deleteTree(state);
        }
    }

    @Test
    void killedMidBackfillResumesFromItsStateAndEndsVerified() throws Exception {
        state = Files.createTempDirectory("itc-stack-it-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        ConnectRestClient rest = new ConnectRestClient("http://127.0.0.1:" + LocalStackPorts.CONNECT);

        Output first = start();
        first.await("the connectors deployed", "deployed connectors", Duration.ofMinutes(4));
        assertTrue(first.has("field values written"), first.text());
        assertFalse(first.has("resuming"), first.text());
        // Mid-backfill: a container part-way (the stack reads hour windows, the sample has 4 hours), rows in
        // TimescaleDB.
        AtomicReference<Map<String, Long>> committed = new AtomicReference<>(Map.of());
        Fixtures.await("a container's backfill committed part-way, rows in TimescaleDB", Duration.ofMinutes(3), () -> {
            committed.set(progress(rest));
            return committed.get().values().stream().anyMatch(v -> v > 0 && v < Long.MAX_VALUE)
                    && targetRows() > 0;
        });
        Map<String, Long> before = committed.get();
        long rowsBefore = targetRows();
        assertFalse(first.has("backfill complete"), "too late to crash mid-backfill:\n" + first.text());
        assertTrue(before.values().stream().anyMatch(v -> v < Long.MAX_VALUE), "some container still backfills");

        List<Long> servers = serverPids();
        assertFalse(servers.isEmpty());
        killGroup(first.process);
        // Every server dies with the stack: nothing keeps the fixed ports or runs on.
        Fixtures.await("the stack's servers to be gone", Duration.ofSeconds(60), () ->
                servers.stream().noneMatch(Fixtures::isRunning) && portsFree());

        Output second = start();
        // PostgreSQL is up again before Kafka and Connect: what it holds is what the first run wrote.
        second.await("PostgreSQL", "starting Kafka", Duration.ofMinutes(2));
        assertTrue(targetRows() >= rowsBefore, "TimescaleDB lost rows: " + rowsBefore + " before the kill, "
                + targetRows() + " after the restart");
        second.await("the connectors", "resuming from their committed offsets", Duration.ofMinutes(4));
        assertTrue(second.has("resuming from the state in"), second.text());
        assertTrue(second.has("the sample data set is in InfluxDB already"), second.text());
        assertFalse(second.has("field values written"), "the sample was loaded twice:\n" + second.text());
        Map<String, Long> after = progress(rest);
        for (Map.Entry<String, Long> e : before.entrySet()) {
            assertTrue(after.getOrDefault(e.getKey(), -1L) >= e.getValue(), "offset of " + e.getKey()
                    + " went back: before " + e.getValue() + ", after restart " + after.get(e.getKey()));
        }
        assertTrue(after.values().stream().anyMatch(v -> v > 0), "resumed from zero: " + after);

        second.await("verify", "itc verify:", Duration.ofMinutes(4));
        String verdict = second.line("itc verify:");
        assertTrue(verdict.contains("MATCH: 4 containers"), second.text());
        assertTrue(verdict.contains(", 0 mismatches"), verdict);
        long written = Long.parseLong(first.line("field values written").replaceAll("\\D", ""));
        assertTrue(verdict.contains(written + " field values compared"), verdict + " / " + written);
        assertTrue(Files.size(state.resolve("verify.html")) > 1000);
    }

    /** Rows in every wide hypertable of the stack's target (0 before the sink made its catalog). */
    private static long targetRows() {
        String url = "jdbc:postgresql://127.0.0.1:" + LocalStackPorts.POSTGRES + "/migration";
        try (Connection c = DriverManager.getConnection(url, TimescaleServer.USER, TimescaleServer.PASSWORD);
             Statement s = c.createStatement();
             // PostgreSQL quotes the catalog's names itself (format's %I).
             ResultSet rs = s.executeQuery("SELECT coalesce(sum((xpath('/row/n/text()', query_to_xml(format("
                     + "'SELECT count(*) AS n FROM %I.%I', table_schema, table_name), false, true, '')))[1]"
                     + "::text::bigint), 0) FROM influx.wide_tables")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException notYet) {
            return 0;
        }
    }

    /** Per source partition: committed backfill progress (ns past its start), Long.MAX_VALUE once live. */
    private static Map<String, Long> progress(ConnectRestClient rest) {
        Map<String, Long> out = new HashMap<>();
        try {
            for (PartitionOffset p : rest.partitionOffsets("influx-source")) {
                if (p.offset() == null || !p.partition().containsKey("measurement")) {
                    continue;
                }
                Map<String, Object> o = p.offset();
                long value = "live".equals(o.get("phase")) ? Long.MAX_VALUE
                        : number(o.get("completed_until_ns")) - number(o.get("from_ns"));
                out.put(p.partition().toString(), value);
            }
        } catch (RuntimeException notYet) {
            return Map.of(); // the connector is not there yet, or the worker rebalances
        }
        return out;
    }

    private static long number(Object o) {
        return o instanceof Number ? ((Number) o).longValue() : 0;
    }

    private List<Long> serverPids() throws IOException {
        List<Long> pids = new ArrayList<>();
        for (String line : Files.readAllLines(state.resolve("servers.pids"))) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.split(" ")[0]));
            }
        }
        return pids;
    }

    private static boolean portsFree() {
        for (int port : PORTS) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    /** SIGKILL of the stack's whole process group (it is its group's leader: started through setsid). */
    private static void killGroup(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + p.pid()).inheritIO().start();
        kill.waitFor(10, TimeUnit.SECONDS);
        p.waitFor(30, TimeUnit.SECONDS);
    }

    private Output start() throws IOException {
        String classPath = REPO.resolve("local-stack/target/classes") + ":"
                + Files.readString(REPO.resolve("local-stack/target/stack-classpath.txt")).trim();
        List<String> command = new ArrayList<>(List.of("setsid",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp", classPath));
        for (String property : List.of("itc.plugin.path", "itc.worker.classpath.file", "itc.schema.registry.jar")) {
            command.add("-D" + property + "=" + System.getProperty(property));
        }
        command.addAll(List.of("io.influxtimescale.stack.LocalStack", "--state-dir", state.toString(),
                "--sample-hours", "4", "--throttle", "4000"));
        Process p = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true).start();
        started.add(p);
        return new Output(p);
    }

    /** The stack's console, collected line by line. */
    private static final class Output {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();

        Output(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        lines.add(line);
                        System.out.println("[stack " + process.pid() + "] " + line);
                    }
                } catch (IOException ended) {
                    // the stack is gone
                }
            }, "stack-output");
            reader.setDaemon(true);
            reader.start();
        }

        boolean has(String text) {
            return lines.stream().anyMatch(l -> l.contains(text));
        }

        String line(String text) {
            return lines.stream().filter(l -> l.contains(text)).findFirst().orElseThrow();
        }

        String text() {
            return String.join("\n", lines);
        }

        void await(String what, String text, Duration timeout) {
            try {
                Fixtures.await(what + " (console line '" + text + "')", timeout, () -> {
                    if (!process.isAlive() && !has(text)) {
                        throw new IllegalStateException("the stack exited (" + process.exitValue() + "):\n" + text());
                    }
                    return has(text);
                });
            } catch (RuntimeException | Error e) {
                throw new AssertionError(e.getMessage() + "\nconsole so far:\n" + text(), e);
            }
        }
    }

    /** The stack's fixed ports (LocalStack's constants; the stack's classes are not on this module's class path). */
    private static final class LocalStackPorts {
        static final int INFLUX = 28086;
        static final int POSTGRES = 25432;
        static final int REGISTRY = 28081;
        static final int KAFKA = 29092;
        static final int CONNECT = 28083;
    }
}
