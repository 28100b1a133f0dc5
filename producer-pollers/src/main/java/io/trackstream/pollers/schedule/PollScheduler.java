package io.trackstream.pollers.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import io.trackstream.pollers.carrier.CarrierAdapter;
import io.trackstream.pollers.config.PollersProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Fires each configured provider's cycles on its cron schedule (its own, or the provider's documented default:
 * Shiplemon at :05 and :35). Each fire schedules the next one after it, from the clock, so a slow cycle delays
 * nothing and a late one is measured as lag.
 */
@Component
public class PollScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PollScheduler.class);

    private final List<CarrierAdapter> adapters;
    private final PollersProperties properties;
    private final PollCycle cycle;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final Map<String, ScheduledFuture<?>> next = new ConcurrentHashMap<>();
    private volatile boolean running;

    public PollScheduler(List<CarrierAdapter> adapters, PollersProperties properties, PollCycle cycle,
            TaskScheduler pollTaskScheduler, Clock clock) {
        this.adapters = adapters;
        this.properties = properties;
        this.cycle = cycle;
        this.scheduler = pollTaskScheduler;
        this.clock = clock;
    }

    /** The schedule of every configured, enabled provider. */
    public List<ProviderSchedule> schedules() {
        return adapters.stream()
                .filter(a -> properties.provider(a.provider()).map(PollersProperties.Provider::enabled).orElse(false))
                .map(a -> ProviderSchedule.of(a.provider(),
                        properties.provider(a.provider()).map(PollersProperties.Provider::schedule).orElse(null) != null
                                ? properties.provider(a.provider()).get().schedule() : a.defaultSchedule(),
                        properties.zone()))
                .toList();
    }

    @Override
    public void start() {
        if (!properties.schedulingEnabled()) {
            log.info("Scheduled polling is off (trackstream.pollers.scheduling-enabled=false)");
            return;
        }
        running = true;
        Instant now = clock.instant();
        for (ProviderSchedule schedule : schedules()) {
            scheduleAfter(schedule, now);
        }
    }

    private void scheduleAfter(ProviderSchedule schedule, Instant after) {
        if (!running) {
            return;
        }
        Instant fireAt = schedule.nextAfter(after);
        if (fireAt == null) {
            log.warn("The schedule of {} never fires again", schedule.provider());
            return;
        }
        next.put(schedule.provider(), scheduler.schedule(() -> fire(schedule, fireAt), fireAt));
        log.info("Next poll cycle of {} at {}", schedule.provider(), fireAt);
    }

    private void fire(ProviderSchedule schedule, Instant scheduledFor) {
        try {
            cycle.run(schedule.provider(), scheduledFor);
        } catch (RuntimeException e) {
            log.error("Poll cycle of {} due {} failed", schedule.provider(), scheduledFor, e);
        } finally {
            Instant now = clock.instant();
            scheduleAfter(schedule, now.isAfter(scheduledFor) ? now : scheduledFor);
        }
    }

    @Override
    public void stop() {
        running = false;
        next.values().forEach(f -> f.cancel(false));
        next.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
