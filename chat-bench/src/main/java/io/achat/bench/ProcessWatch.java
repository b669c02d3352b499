package io.achat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * CPU time and resident memory of a process: the server (given its PID) or the generator itself.
 * CPU comes from {@link ProcessHandle.Info}, RSS from {@code /proc/<pid>/status} (Linux; absent
 * elsewhere).
 */
final class ProcessWatch {

    private final ProcessHandle process;

    private ProcessWatch(ProcessHandle process) {
        this.process = process;
    }

    static Optional<ProcessWatch> of(long pid) {
        return pid <= 0 ? Optional.empty() : ProcessHandle.of(pid).map(ProcessWatch::new);
    }

    static ProcessWatch self() {
        return new ProcessWatch(ProcessHandle.current());
    }

    ProcessHandle process() {
        return this.process;
    }

    /** CPU time (user + system) used so far, in nanoseconds; -1 if the platform does not say. */
    long cpuNanos() {
        return this.process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** Resident set size in bytes, or -1 where {@code /proc} does not tell. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(this.process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        }
        catch (IOException | RuntimeException ex) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** CPU used between two {@link #cpuNanos()} readings, as cores busy over {@code wallNanos}. */
    static Double cores(long cpuBefore, long cpuAfter, long wallNanos) {
        return cpuBefore < 0 || cpuAfter < 0 || wallNanos <= 0 ? null : (double) (cpuAfter - cpuBefore) / wallNanos;
    }

}
