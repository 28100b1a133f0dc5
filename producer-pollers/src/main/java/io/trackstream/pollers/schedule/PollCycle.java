package io.trackstream.pollers.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.trackstream.avro.EventSource;
import io.trackstream.pollers.carrier.CarrierCallException;
import io.trackstream.pollers.carrier.CarrierFailure;
import io.trackstream.pollers.carrier.PollRequest;
import io.trackstream.pollers.config.PollersProperties;
import io.trackstream.pollers.metrics.PollMetrics;
import io.trackstream.pollers.poll.Poller;
import io.trackstream.pollers.poll.RawEventPublisher;
import io.trackstream.pollers.resilience.PollRejectedException;
import io.trackstream.pollers.resilience.RateShare;
import io.trackstream.pollers.targets.PollTargetEntry;
import io.trackstream.pollers.targets.PollTargetRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One cycle of a provider: take this instance's targets of that provider, plan the calls, and hand each to the
 * provider's own threads ({@link ProviderExecutors}) at its planned time. A cycle plans only once the poll targets
 * are loaded (after an assignment, its partitions are read to their end first), so a rebalance makes no parcel skip
 * a cycle. Just before a call runs, its parcels are checked again: one whose partition moved to another instance,
 * whose target was removed, or that is parked is left out. A call refused because its carrier account is paused
 * (a 429) runs again when the pause ends; a call still running from an earlier cycle is not started twice. A parcel
 * answered 404 or 410 on {@code park-after-not-found} polls in a row is parked. A polled history whose event keys
 * are those the processor holds (the digest in the parcel's poll target) is not published ({@link Poller}).
 * Failures are counted and logged; the next cycle tries again.
 */
@Component
public class PollCycle {

    private static final Logger log = LoggerFactory.getLogger(PollCycle.class);
    /** How long a cycle waits for its targets to load before it plans with what it has. */
    static final Duration LOAD_WAIT = Duration.ofMinutes(2);
    private static final Duration LOAD_CHECK = Duration.ofSeconds(1);
    /** A call deferred by pauses longer than this after its planned time is dropped; the next cycle plans it again. */
    static final Duration MAX_DEFERRAL = Duration.ofMinutes(30);

    private final PollTargetRegistry registry;
    private final Poller poller;
    private final ProviderExecutors executors;
    private final PollersProperties properties;
    private final PollMetrics metrics;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final RateShare rateShare;

    public PollCycle(PollTargetRegistry registry, Poller poller, ProviderExecutors providerExecutors, PollersProperties properties,
            PollMetrics metrics, Clock clock, RateShare rateShare) {
        this.rateShare = rateShare;
        this.registry = registry;
        this.poller = poller;
        this.executors = providerExecutors;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs the cycle that was due at {@code scheduledFor}; returns the calls it planned (none while targets load). */
    public List<PollCall> run(String provider, Instant scheduledFor) {
        Instant now = clock.instant();
        PollersProperties.Provider settings = properties.provider(provider)
                .orElseThrow(() -> new IllegalStateException("Provider " + provider + " is not configured"));
        if (!registry.loaded() && now.isBefore(scheduledFor.plus(LOAD_WAIT))) {
            log.info("Cycle of {} due {} waits for its poll targets to load", provider, scheduledFor);
            executors.of(provider).schedule(() -> run(provider, scheduledFor), now.plus(LOAD_CHECK));
            return List.of();
        }
        var targets = registry.targets(provider);
        Instant start = now.isAfter(scheduledFor) ? now : scheduledFor;
        double share = rateShare.fraction();
        List<PollCall> calls = CyclePlan.plan(provider, start, targets, settings.spread(), settings::accountName,
                account -> rateOf(settings, account) * share);
        metrics.cycle(provider, targets.size(), calls.size(), Duration.between(scheduledFor, now));
        log.debug("Cycle of {} due {}: {} parcels in {} calls", provider, scheduledFor, targets.size(), calls.size());
        for (PollCall call : calls) {
            if (!inFlight.add(call.key())) {
                metrics.rejected(provider, "poll", "in_flight");
                continue;
            }
            executors.of(provider).schedule(() -> execute(call, settings), call.at());
        }
        return calls;
    }

    private void execute(PollCall call, PollersProperties.Provider settings) {
        String provider = call.request().provider();
        boolean deferred = false;
        List<PollTargetEntry> still = call.targets().stream().filter(t -> registry.polls(t.parcel().toString())).toList();
        try {
            if (still.isEmpty()) {
                metrics.rejected(provider, "poll", "not_owned");
                return;
            }
            PollRequest request = still.size() == call.targets().size() ? call.request()
                    : new PollRequest(provider, call.request().reference(), call.request().carrierAccount(),
                            still.stream().map(PollTargetEntry::parcel).distinct().toList());
            poller.poll(request, EventSource.POLL, registry::eventKeyDigest);
            registry.found(still);
        } catch (PollRejectedException e) {
            if (PollRejectedException.RATE_LIMITED.equals(e.reason()) && e.retryAfter() != null) {
                deferred = defer(call, settings, e.retryAfter());
            } else {
                log.warn("Poll of {} {} for {} parcel(s) not sent: {}", provider, call.request().reference(), still.size(), e.getMessage());
            }
        } catch (CarrierCallException e) {
            if (e.failure() == CarrierFailure.RATE_LIMITED) {
                deferred = defer(call, settings, e.retryAfter() != null ? e.retryAfter() : settings.defaultPause());
            } else if (e.failure() == CarrierFailure.CLIENT_ERROR && (e.httpStatus() == 404 || e.httpStatus() == 410)) {
                for (PollTargetEntry parked : registry.notFound(still, settings.parkAfterNotFound())) {
                    metrics.rejected(provider, "poll", "parked");
                    poller.parked(parked, e.httpStatus(), settings.parkAfterNotFound());
                    log.warn("Parcel {} (shipment {}, {} reference {}) answered {} on {} polls in a row; not polled again until "
                                    + "its registration changes", parked.parcel(), parked.shipmentId(), provider, parked.reference(),
                            e.httpStatus(), settings.parkAfterNotFound());
                }
            } else {
                log.warn("Poll of {} {} for {} parcel(s) failed: {}", provider, call.request().reference(), still.size(), e.getMessage());
            }
        } catch (RawEventPublisher.PublishFailedException e) {
            log.warn("Poll of {} {} answered but was not published: {}", provider, call.request().reference(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("Poll of {} {} failed unexpectedly", provider, call.request().reference(), e);
        } finally {
            if (!deferred) {
                inFlight.remove(call.key());
            }
        }
    }

    /** Runs the call again once its account's pause is over; false when that would be too late to matter. */
    private boolean defer(PollCall call, PollersProperties.Provider settings, Duration pause) {
        Instant at = clock.instant().plus(pause);
        if (at.isAfter(call.at().plus(MAX_DEFERRAL))) {
            metrics.rejected(call.request().provider(), "poll", "paused");
            return false;
        }
        metrics.rejected(call.request().provider(), "poll", "deferred");
        PollCall later = new PollCall(call.request(), call.account(), call.targets(), call.at());
        executors.of(call.request().provider()).schedule(() -> execute(later, settings), at);
        return true;
    }

    private static double rateOf(PollersProperties.Provider settings, String account) {
        return settings.account(account).map(PollersProperties.Account::requestsPerSecond)
                .orElse(settings.requestsPerSecond());
    }
}
