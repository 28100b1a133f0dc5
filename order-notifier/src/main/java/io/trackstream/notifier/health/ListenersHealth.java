package io.trackstream.notifier.health;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Health contributor "listeners", part of readiness: DOWN while a listener container that should run does not (it
 * stopped on a fatal error), or while a partition is stuck on one record for longer than the stall timeout (an order
 * system that hangs, or a record retried without end). The containers' states and the stuck partitions are in the
 * details.
 */
public class ListenersHealth implements HealthIndicator {

    private final Map<String, MessageListenerContainer> containers;
    private final boolean shouldRun;
    private final ListenerProgress progress;
    private final NotifierHealthProperties properties;

    public ListenersHealth(Map<String, MessageListenerContainer> containers, boolean shouldRun, ListenerProgress progress,
            NotifierHealthProperties properties) {
        this.containers = Map.copyOf(containers);
        this.shouldRun = shouldRun;
        this.progress = progress;
        this.properties = properties;
    }

    @Override
    public Health health() {
        Map<String, String> states = new TreeMap<>();
        boolean allRunning = true;
        for (Map.Entry<String, MessageListenerContainer> e : containers.entrySet()) {
            MessageListenerContainer container = e.getValue();
            boolean running = container.isRunning() && container.isInExpectedState();
            allRunning &= running;
            states.put(e.getKey(), running ? "RUNNING" : container.isRunning() ? "FAILED" : "STOPPED");
        }
        List<StuckPartition> stuck = progress.stuck(properties.stallTimeout());
        boolean up = stuck.isEmpty() && (allRunning || !shouldRun);
        return (up ? Health.up() : Health.down())
                .withDetail("containers", states)
                .withDetail("stuckPartitions", stuck.stream().map(s -> Map.of(
                        "partition", s.partition().toString(),
                        "offset", s.offset(),
                        "deliveries", s.deliveries(),
                        "unfinishedFor", s.unfinishedFor().toString())).toList())
                .withDetail("stallTimeout", properties.stallTimeout().toString())
                .build();
    }
}
