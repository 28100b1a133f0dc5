package io.trackstream.ingest.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The meters of webhook-ingest (docs/webhook-ingest.md lists them). Tag {@code endpoint} is the webhook's provider
 * id or {@code registration}; every tag value comes from a fixed set, never from the payload, so a sender cannot
 * blow up the number of time series.
 */
public class IngestMetrics {

    public static final String REQUESTS = "trackstream.ingest.requests";
    public static final String REJECTIONS = "trackstream.ingest.rejections";
    public static final String EVENTS_PUBLISHED = "trackstream.ingest.events.published";
    public static final String PUBLISH_LATENCY = "trackstream.ingest.publish.latency";
    public static final String REPLAY_CACHE_SIZE = "trackstream.ingest.replay.cache.size";
    public static final String REPLAY_CACHE_MAX = "trackstream.ingest.replay.cache.max";
    public static final String REPLAY_CACHE_EVICTED = "trackstream.ingest.replay.cache.evicted";

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One answered request: {@code outcome} is accepted, or what went wrong (see {@link #outcomeOf(int)}). */
    public void request(String endpoint, String outcome) {
        Counter.builder(REQUESTS).description("HTTP requests answered, by endpoint and outcome")
                .tag("endpoint", endpoint).tag("outcome", outcome).register(registry).increment();
    }

    /** A refused request, by the error type its answer carries (invalid_signature, missing_field, …). */
    public void rejection(String endpoint, String reason) {
        Counter.builder(REJECTIONS).description("Requests refused, by endpoint and reason")
                .tag("endpoint", endpoint).tag("reason", reason).register(registry).increment();
    }

    public void eventsPublished(String provider, int count) {
        Counter.builder(EVENTS_PUBLISHED).description("Raw tracking events acknowledged by Kafka, by provider")
                .tag("provider", provider).register(registry).increment(count);
    }

    /** Time from the first send of a request's records to Kafka's last acknowledgement (or to giving up). */
    public void published(String target, boolean ok, long nanos) {
        Timer.builder(PUBLISH_LATENCY).description("Time until Kafka acknowledged all records of a request")
                .tag("target", target).tag("outcome", ok ? "ok" : "failed")
                .publishPercentileHistogram()
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The replay guard's size and bound, and what it ever dropped for size (0 by design). */
    public void replayCache(io.trackstream.ingest.security.ReplayGuard guard) {
        Gauge.builder(REPLAY_CACHE_SIZE, guard, io.trackstream.ingest.security.ReplayGuard::size)
                .description("Signatures the replay guard holds (this instance)").register(registry);
        Gauge.builder(REPLAY_CACHE_MAX, guard, io.trackstream.ingest.security.ReplayGuard::maxEntries)
                .description("Signatures the replay guard holds at most; past it webhooks get 503").register(registry);
        FunctionCounter.builder(REPLAY_CACHE_EVICTED, guard, io.trackstream.ingest.security.ReplayGuard::evictedBySize)
                .description("Signatures dropped for size instead of refused: must stay 0").register(registry);
    }

    public static String outcomeOf(int status) {
        return switch (status) {
            case 200, 201, 202 -> "accepted";
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "unavailable";
            default -> status >= 500 ? "error" : "client_error";
        };
    }
}
