package io.trackstream.pollers.schedule;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.scheduling.TaskScheduler;

/**
 * The threads each provider's calls run on: one bounded scheduler per provider, so a provider that is slow, stalls
 * or makes us wait out its rate limit holds only its own threads, never another provider's cycle.
 */
public final class ProviderExecutors {

    private final Function<String, TaskScheduler> factory;
    private final Map<String, TaskScheduler> byProvider = new ConcurrentHashMap<>();

    /** @param factory makes a provider's scheduler the first time it is asked for */
    public ProviderExecutors(Function<String, TaskScheduler> factory) {
        this.factory = factory;
    }

    public TaskScheduler of(String provider) {
        return byProvider.computeIfAbsent(provider, factory);
    }

    /** Every scheduler made so far (to shut them down). */
    public Map<String, TaskScheduler> all() {
        return Map.copyOf(byProvider);
    }
}
