package io.trackstream.pollers.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The pollers' own meters, all under {@code trackstream.pollers.}: what was asked of each provider and how it went,
 * how big and how late each cycle was, and what was published. Names are documented in docs/producer-pollers.md,
 * from which the Grafana dashboard is built.
 */
@Component
public class PollMetrics {

    public static final String POLLS = "trackstream.pollers.polls";
    public static final String POLL_LATENCY = "trackstream.pollers.poll.latency";
    public static final String POLLS_REJECTED = "trackstream.pollers.polls.rejected";
    public static final String CYCLE_PARCELS = "trackstream.pollers.cycle.parcels";
    public static final String CYCLE_CALLS = "trackstream.pollers.cycle.calls";
    public static final String CYCLE_LAG = "trackstream.pollers.cycle.lag";
    public static final String EVENTS_PUBLISHED = "trackstream.pollers.events.published";
    public static final String EVENTS_SKIPPED = "trackstream.pollers.events.skipped";
    public static final String POLLS_UNCHANGED = "trackstream.pollers.polls.unchanged";
    public static final String EVENTS_UNCHANGED = "trackstream.pollers.events.unchanged";
    public static final String SYNC = "trackstream.pollers.sync";
    public static final String SYNC_WAIT = "trackstream.pollers.sync.wait";

    private final MeterRegistry registry;

    public PollMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One HTTP request to a provider and its outcome: ok, 4xx, 429, 5xx, timeout, io_error, invalid_response. */
    public void poll(String provider, String source, String outcome, Duration latency) {
        Counter.builder(POLLS).description("Requests sent to a provider's tracking API, by outcome")
                .tags("provider", provider, "source", source, "outcome", outcome).register(registry).increment();
        Timer.builder(POLL_LATENCY).description("Time from sending a tracking request to having its whole answer")
                .tags("provider", provider, "outcome", outcome).publishPercentileHistogram()
                .register(registry).record(latency);
    }

    /** A poll that was never sent: circuit open, no rate-limit permit in time, still in flight, not configured. */
    public void rejected(String provider, String source, String reason) {
        Counter.builder(POLLS_REJECTED).description("Polls not sent to the provider, by reason")
                .tags("provider", provider, "source", source, "reason", reason).register(registry).increment();
    }

    public void cycle(String provider, int parcels, int calls, Duration lag) {
        DistributionSummary.builder(CYCLE_PARCELS).description("Parcels due in one poll cycle")
                .tags("provider", provider).register(registry).record(parcels);
        DistributionSummary.builder(CYCLE_CALLS).description("Provider calls in one poll cycle (parcels sharing a reference share a call)")
                .tags("provider", provider).register(registry).record(calls);
        Timer.builder(CYCLE_LAG).description("How late a poll cycle started against its cron schedule")
                .tags("provider", provider).register(registry).record(lag.isNegative() ? Duration.ZERO : lag);
    }

    public void published(String provider, String source, int events) {
        Counter.builder(EVENTS_PUBLISHED).description("Raw tracking events written to the raw topic")
                .tags("provider", provider, "source", source).register(registry).increment(events);
    }

    /**
     * An answer or history entry not published: missing_field, invalid_value, too_large (each also a RejectedEvent),
     * invalid_response (the whole answer); the rest of an answer is still published.
     */
    public void skipped(String provider, String reason) {
        Counter.builder(EVENTS_SKIPPED).description("Provider history entries not published, by reason")
                .tags("provider", provider, "reason", reason).register(registry).increment();
    }

    /**
     * A scheduled poll whose history held no event the processor lacks (its digest was the poll target's), so
     * nothing of it was published: the poll, and the events it would have re-sent.
     */
    public void unchanged(String provider, int events) {
        Counter.builder(POLLS_UNCHANGED).description("Polls not published: the processor held every event of the history")
                .tags("provider", provider).register(registry).increment();
        Counter.builder(EVENTS_UNCHANGED).description("Raw events not re-sent: the processor held them already")
                .tags("provider", provider).register(registry).increment(events);
    }

    /** An on-demand sync's answer: applied, up_to_date, no_events, not_applied, or a failure type. */
    public void sync(String provider, String outcome, Duration took) {
        Counter.builder(SYNC).description("On-demand syncs, by outcome")
                .tags("provider", provider, "outcome", outcome).register(registry).increment();
        Timer.builder(SYNC_WAIT).description("Time an on-demand sync took, poll and wait for the processor included")
                .tags("provider", provider, "outcome", outcome).register(registry).record(took);
    }
}
