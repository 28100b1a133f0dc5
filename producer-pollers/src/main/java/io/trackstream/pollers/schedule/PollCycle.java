package io.trackstream.pollers.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.trackstream.avro.EventSource;
import io.trackstream.pollers.carrier.CarrierCallException;
import io.trackstream.pollers.config.PollersProperties;
import io.trackstream.pollers.metrics.PollMetrics;
import io.trackstream.pollers.poll.Poller;
import io.trackstream.pollers.poll.RawEventPublisher;
import io.trackstream.pollers.resilience.PollRejectedException;
import io.trackstream.pollers.targets.PollTargetRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * One cycle of a provider: take this instance's targets of that provider, plan the calls, and hand each to the task
 * scheduler at its planned time. A call still running from an earlier cycle is not started twice. Failures are
 * counted and logged; the next cycle tries again.
 */
@Component
public class PollCycle {

    private static final Logger log = LoggerFactory.getLogger(PollCycle.class);

    private final PollTargetRegistry registry;
    private final Poller poller;
    private final TaskScheduler scheduler;
    private final PollersProperties properties;
    private final PollMetrics metrics;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public PollCycle(PollTargetRegistry registry, Poller poller, TaskScheduler pollTaskScheduler, PollersProperties properties,
            PollMetrics metrics, Clock clock) {
        this.registry = registry;
        this.poller = poller;
        this.scheduler = pollTaskScheduler;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs the cycle that was due at {@code scheduledFor}; returns the calls it planned. */
    public List<PollCall> run(String provider, Instant scheduledFor) {
        Instant now = clock.instant();
        PollersProperties.Provider settings = properties.provider(provider)
                .orElseThrow(() -> new IllegalStateException("Provider " + provider + " is not configured"));
        var targets = registry.targets(provider);
        Instant start = now.isAfter(scheduledFor) ? now : scheduledFor;
        List<PollCall> calls = CyclePlan.plan(provider, start, targets, settings.spread(), settings::accountName,
                account -> rateOf(settings, account));
        metrics.cycle(provider, targets.size(), calls.size(), Duration.between(scheduledFor, now));
        log.debug("Cycle of {} due {}: {} parcels in {} calls", provider, scheduledFor, targets.size(), calls.size());
        for (PollCall call : calls) {
            if (!inFlight.add(call.key())) {
                metrics.rejected(provider, "poll", "in_flight");
                continue;
            }
            scheduler.schedule(() -> execute(call), call.at());
        }
        return calls;
    }

    private void execute(PollCall call) {
        try {
            poller.poll(call.request(), EventSource.POLL);
        } catch (CarrierCallException | PollRejectedException | RawEventPublisher.PublishFailedException e) {
            log.warn("Poll of {} {} for {} parcel(s) failed: {}", call.request().provider(), call.request().reference(),
                    call.targets().size(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("Poll of {} {} failed unexpectedly", call.request().provider(), call.request().reference(), e);
        } finally {
            inFlight.remove(call.key());
        }
    }

    private static double rateOf(PollersProperties.Provider settings, String account) {
        return settings.account(account).map(PollersProperties.Account::requestsPerSecond)
                .orElse(settings.requestsPerSecond());
    }
}
