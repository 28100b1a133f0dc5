package io.trackstream.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.kafka.common.TopicPartition;

/**
 * Watches a Streams app work through input that is already in its topics, by its committed offsets (under
 * exactly-once an offset is committed in the same transaction as the outputs of the records before it), and times
 * it from its first commit past a warm-up share of the input to the end of its work. Starting there leaves out JVM
 * and Spring start-up and most JIT compilation (which on two cores takes tens of CPU seconds), the same way for the
 * app and its baseline: a production processor runs for days.
 */
final class GroupProgress {

    /** @param counted records of the counted topics processed between first commit and end */
    record Result(long counted, long nanos, long appCpuMillis, long brokerCpuMillis, Map<String, Long> appCpuByThreadKind) {
        double perSecond() {
            return counted / (nanos / 1e9);
        }

        /**
         * Where the CPU went while measured: the app's process and this one (the broker), in cores, and the app's CPU
         * per counted record (less sensitive to other load on the machine than the rate).
         */
        String cpu() {
            double seconds = nanos / 1e9;
            StringBuilder threads = new StringBuilder();
            appCpuByThreadKind.forEach((kind, ms) -> threads.append(threads.isEmpty() ? "" : ", ")
                    .append(String.format("%s %.1f", kind, ms * 1000.0 / counted)));
            return String.format("CPU while measured: app %.2f cores (%.1f µs per event: %s), broker (+ benchmark) %.2f cores",
                    appCpuMillis / 1000.0 / seconds, appCpuMillis * 1000.0 / counted, threads, brokerCpuMillis / 1000.0 / seconds);
        }
    }

    private GroupProgress() {
    }

    /**
     * @param inputs      every input topic: all must be committed at their end offsets
     * @param counted     the topic whose records are counted (non-transactional input, so offsets are records)
     * @param outputsDone the app's outputs are complete (checked once the inputs are)
     * @param alive       whether the app still runs
     * @param warmup      records of the counted topic processed before the measurement starts (JIT warm-up)
     */
    static Result await(BenchStack stack, String group, Collection<String> inputs, String counted, BooleanSupplier outputsDone,
                        BooleanSupplier alive, long appPid, long warmup, Duration limit) throws Exception {
        long self = ProcessHandle.current().pid();
        long appCpu = 0;
        long brokerCpu = 0;
        Map<String, Long> appThreads = Map.of();
        Map<TopicPartition, Long> end = stack.endOffsets(inputs);
        long deadline = System.nanoTime() + limit.toNanos();
        long firstAt = -1;
        long firstCommitted = 0;
        while (System.nanoTime() < deadline) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException(group + " exited before finishing its input");
            }
            long now = System.nanoTime();
            Map<TopicPartition, Long> committed = stack.committed(group);
            long countedCommitted = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(counted))
                    .mapToLong(Map.Entry::getValue).sum();
            if (firstAt < 0 && countedCommitted > Math.max(0, warmup)) {
                firstAt = now;
                firstCommitted = countedCommitted;
                appCpu = Machine.cpuMillis(appPid);
                appThreads = Machine.cpuMillisByThreadKind(appPid);
                brokerCpu = Machine.cpuMillis(self);
            }
            if (firstAt >= 0 && atEnd(end, committed) && outputsDone.getAsBoolean()) {
                long done = System.nanoTime();
                Map<String, Long> threadsAtStart = appThreads;
                Map<String, Long> threads = new java.util.TreeMap<>();
                Machine.cpuMillisByThreadKind(appPid).forEach((kind, ms) -> threads.put(kind, ms - threadsAtStart.getOrDefault(kind, 0L)));
                return new Result(stack.sum(end, counted) - firstCommitted, done - firstAt, Machine.cpuMillis(appPid) - appCpu,
                        Machine.cpuMillis(self) - brokerCpu, threads);
            }
            Thread.sleep(25); // polling the broker's admin API at a fixed pace
        }
        throw new IllegalStateException(group + " did not finish its input within " + limit);
    }

    static boolean atEnd(Map<TopicPartition, Long> end, Map<TopicPartition, Long> committed) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (e.getValue() > 0 && committed.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
