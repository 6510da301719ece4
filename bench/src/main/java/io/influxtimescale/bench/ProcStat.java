package io.influxtimescale.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time of local processes from {@code /proc/<pid>/stat} (Linux; USER_HZ = 100): which server spent the machine's
 * cores during a stage. A tree's time counts its children, those that exited (cutime, cstime) and those still running
 * (PostgreSQL's backends).
 */
final class ProcStat {
    private ProcStat() {
    }

    private static long[] fields(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // utime, stime, cutime, cstime
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
            Long.parseLong(f[14])};
    }

    static double cpuSeconds(long pid) {
        try {
            long[] f = fields(pid);
            return (f[0] + f[1]) / 100.0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * The CPU of a process and all its descendants. A child that ends while it is read would be lost (reaped after
     * the parent's cutime was read, gone before its own stat was) or, seen from the next reading, counted in the wrong
     * stage: PostgreSQL's backends end exactly at stage boundaries, when a stage's connections close. So a reading
     * counts only when the direct children were the same before and after it and none was a zombie (ended, not yet
     * reaped); otherwise it is taken again, for at most 5 s.
     */
    static double treeCpuSeconds(long pid) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        double total = unsettledTreeCpuSeconds(pid);
        while (System.nanoTime() < deadline) {
            List<Long> before = settledChildren(pid);
            if (before != null) {
                total = unsettledTreeCpuSeconds(pid);
                if (before.equals(settledChildren(pid))) {
                    return total;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return total;
    }

    /** The direct children's pids, sorted; null while one of them is a zombie. */
    private static List<Long> settledChildren(long pid) {
        List<Long> out = new java.util.ArrayList<>();
        Optional<ProcessHandle> root = ProcessHandle.of(pid);
        if (root.isEmpty()) {
            return out;
        }
        for (ProcessHandle child : (Iterable<ProcessHandle>) root.get().children()::iterator) {
            try {
                String stat = Files.readString(Path.of("/proc/" + child.pid() + "/stat"));
                if (stat.charAt(stat.lastIndexOf(')') + 2) == 'Z') {
                    return null;
                }
            } catch (IOException | RuntimeException e) {
                return null; // it ended meanwhile
            }
            out.add(child.pid());
        }
        out.sort(null);
        return out;
    }

    private static double unsettledTreeCpuSeconds(long pid) {
        try {
            long[] f = fields(pid);
            double total = (f[0] + f[1] + f[2] + f[3]) / 100.0;
            Optional<ProcessHandle> root = ProcessHandle.of(pid);
            if (root.isPresent()) {
                for (ProcessHandle child : (Iterable<ProcessHandle>) root.get().children()::iterator) {
                    total += unsettledTreeCpuSeconds(child.pid());
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * CPU seconds of each live thread of a process by thread group, from {@code /proc/<pid>/task/<tid>/stat}: what
     * a JVM spent on its tasks, on garbage collection and on compiling (its own threads' names, which Linux cuts to
     * 15 characters). Keyed by thread id so that a stage can subtract its start.
     */
    static Map<Long, Map.Entry<String, Double>> threadCpuSeconds(long pid) {
        Map<Long, Map.Entry<String, Double>> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.put(Long.parseLong(task.getFileName().toString()), Map.entry(threadGroup(name),
                            (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile; its time is in the process's total
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
        return out;
    }

    /**
     * What each thread group spent between two {@link #threadCpuSeconds} snapshots of one process, in the order
     * tasks, Kafka clients, GC, JIT, other; "other" also holds threads that ended meanwhile (the process's total
     * minus the groups).
     */
    static Map<String, Double> groupDelta(Map<Long, Map.Entry<String, Double>> before,
                                          Map<Long, Map.Entry<String, Double>> after, double processSeconds) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String group : List.of("tasks", "Kafka clients", "GC", "JIT", "other")) {
            out.put(group, 0.0);
        }
        double grouped = 0;
        for (Map.Entry<Long, Map.Entry<String, Double>> e : after.entrySet()) {
            Map.Entry<String, Double> start = before.get(e.getKey());
            double spent = e.getValue().getValue() - (start == null ? 0 : start.getValue());
            out.merge(e.getValue().getKey(), spent, Double::sum);
            grouped += spent;
        }
        out.merge("other", Math.max(0, processSeconds - grouped), Double::sum);
        return out;
    }

    /** The group of a HotSpot or Connect thread by its (cut) name. */
    static String threadGroup(String name) {
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT";
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
            return "GC";
        }
        if (name.startsWith("task-thread-")) {
            return "tasks";
        }
        if (name.startsWith("kafka-")) {
            return "Kafka clients";
        }
        return "other";
    }

    /** The pid of the process whose command line contains both strings (e.g. influxd and its config path). */
    static long find(String command, String contains) {
        return ProcessHandle.allProcesses().filter(h -> {
            String line = h.info().commandLine().orElse("");
            return line.contains(command) && line.contains(contains);
        }).map(ProcessHandle::pid).findFirst().orElse(-1L);
    }
}
