package io.trackstream.testkit.ordersystem;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Faults the sandbox injects into its next calls, per API, in the order they were asked for: an error status
 * answered instead of processing (nothing applied, as when a gateway refuses), or a delay before an answer of a
 * request that was processed (the client may time out although the update was applied: a lost answer).
 */
final class FaultPlan {

    sealed interface Fault permits Fail, Delay {
    }

    record Fail(int status) implements Fault {
    }

    record Delay(Duration delay) implements Fault {
    }

    private final Map<SandboxApi, Deque<Fault>> next = new EnumMap<>(SandboxApi.class);

    synchronized void add(SandboxApi api, int count, Fault fault) {
        Deque<Fault> queue = next.computeIfAbsent(api, a -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            queue.add(fault);
        }
    }

    synchronized Optional<Fault> take(SandboxApi api) {
        Deque<Fault> queue = next.get(api);
        return queue == null ? Optional.empty() : Optional.ofNullable(queue.poll());
    }

    synchronized void clear() {
        next.clear();
    }
}
