package io.trackstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Facts about the machine and processes, read from /proc (Linux), printed with every result. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        Runtime rt = Runtime.getRuntime();
        return String.format("machine: %d cores, %s memory, %s %s (%s), benchmark JVM max heap %d MB, load average %s",
                rt.availableProcessors(), memTotal(), System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), rt.maxMemory() >> 20, loadAverage());
    }

    static String loadAverage() {
        return read(Path.of("/proc/loadavg")).map(s -> String.join(" ", List.of(s.trim().split("\\s+")).subList(0, 3))).orElse("?");
    }

    private static String memTotal() {
        return procField(Path.of("/proc/meminfo"), "MemTotal:").map(kb -> String.format("%.1f GB", kb / 1024.0 / 1024.0)).orElse("?");
    }

    /** Resident set size of a process now, in MB; -1 if unknown. */
    static long rssMb(long pid) {
        return procField(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:").map(kb -> kb >> 10).orElse(-1L);
    }

    /** Peak resident set size of a process so far, in MB; -1 if unknown. */
    static long peakRssMb(long pid) {
        return procField(Path.of("/proc", Long.toString(pid), "status"), "VmHWM:").map(kb -> kb >> 10).orElse(-1L);
    }

    /** CPU time (user + system) a process has used, in ms; -1 if unknown. */
    static long cpuMillis(long pid) {
        return cpuMillis(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /**
     * CPU time (ms) of a process's threads by what they do: {@code stream} (Kafka Streams' stream threads, named after
     * the application id), {@code kafka-io} (client network threads), {@code jit}, {@code gc} and {@code other}. Linux
     * keeps the first 15 characters of a thread's name, enough to tell these apart.
     */
    static java.util.Map<String, Long> cpuMillisByThreadKind(long pid) {
        java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> read(task.resolve("comm")).ifPresent(comm -> {
                long ms = cpuMillis(task.resolve("stat"));
                if (ms >= 0) {
                    byKind.merge(threadKind(comm.trim()), ms, Long::sum);
                }
            }));
        } catch (IOException | RuntimeException e) {
            return byKind;
        }
        return byKind;
    }

    static String threadKind(String comm) {
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return "jit";
        }
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            return "gc";
        }
        if (comm.startsWith("kafka-producer") || comm.startsWith("kafka-coordinat")) {
            return "kafka-io";
        }
        // the processor's application id, and every baseline's (ProcessorThroughput names them all bench-...)
        if (comm.startsWith("trackstream-pro") || comm.startsWith("bench-")) {
            return "stream";
        }
        return "other";
    }

    /** utime + stime of a /proc stat file (a process's or a thread's), in ms; -1 if unknown. */
    private static long cpuMillis(Path statFile) {
        return read(statFile).map(stat -> {
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // USER_HZ is 100 on Linux
        }).orElse(-1L);
    }

    static long directorySizeMb(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum() >> 20;
        } catch (IOException e) {
            return -1;
        }
    }

    private static Optional<Long> procField(Path file, String field) {
        return read(file).flatMap(text -> text.lines().filter(l -> l.startsWith(field)).findFirst())
                .map(line -> Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]));
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
