package io.influxtimescale.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    static double treeCpuSeconds(long pid) {
        try {
            long[] f = fields(pid);
            double total = (f[0] + f[1] + f[2] + f[3]) / 100.0;
            Optional<ProcessHandle> root = ProcessHandle.of(pid);
            if (root.isPresent()) {
                for (ProcessHandle child : (Iterable<ProcessHandle>) root.get().children()::iterator) {
                    total += treeCpuSeconds(child.pid());
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The pid of the process whose command line contains both strings (e.g. influxd and its config path). */
    static long find(String command, String contains) {
        return ProcessHandle.allProcesses().filter(h -> {
            String line = h.info().commandLine().orElse("");
            return line.contains(command) && line.contains(contains);
        }).map(ProcessHandle::pid).findFirst().orElse(-1L);
    }
}
