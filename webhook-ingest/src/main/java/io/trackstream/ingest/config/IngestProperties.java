package io.trackstream.ingest.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.trackstream.contract.TrackingLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What webhook-ingest accepts and how long it waits for Kafka, under {@code trackstream.ingest}.
 *
 * @param webhooks            per provider id (shiplemon, courier-sync, carriyo, generic): the shared HMAC secret
 * @param replayWindow        how old (or how far in the future) a signed timestamp may be, and how long a signature
 *                            is remembered against replays
 * @param maxBodySize         larger bodies get 413. Every raw event carries the whole body: at most
 *                            TrackingLimits.MAX_RAW_PAYLOAD_BYTES (refused at start otherwise)
 * @param maxEventsPerWebhook more tracking entries in one webhook get 413: each becomes a record carrying the whole
 *                            body, so this bounds what one request can make us write; at most
 *                            TrackingLimits.MAX_HISTORY_ENTRIES (refused at start otherwise)
 * @param requestTimeout      the one deadline of a request, from its arrival to its answer: waiting for a copy in
 *                            flight, handing its records to the producer and Kafka's acknowledgement of all of them;
 *                            past it the answer is 503 with Retry-After (this also bounds the producer's timeouts)
 * @param replayCache         how many signatures the replay guard holds before it refuses (503) rather than forget
 * @param publish             what a 503 tells the sender
 */
@ConfigurationProperties("trackstream.ingest")
public record IngestProperties(
        Map<String, WebhookSecret> webhooks,
        @DefaultValue("5m") Duration replayWindow,
        @DefaultValue("256KB") DataSize maxBodySize,
        @DefaultValue("100") int maxEventsPerWebhook,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue ReplayCache replayCache,
        @DefaultValue Publish publish) {

    public IngestProperties {
        webhooks = webhooks == null ? Map.of() : Map.copyOf(webhooks);
        if (replayWindow.isNegative() || replayWindow.isZero()) {
            throw new IllegalArgumentException("trackstream.ingest.replay-window must be positive");
        }
        if (requestTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("trackstream.ingest.request-timeout must be at least 1s");
        }
        if (maxEventsPerWebhook < 1 || maxEventsPerWebhook > TrackingLimits.MAX_HISTORY_ENTRIES) {
            throw new IllegalArgumentException("trackstream.ingest.max-events-per-webhook must be 1 to "
                    + TrackingLimits.MAX_HISTORY_ENTRIES + " (TrackingLimits.MAX_HISTORY_ENTRIES), was " + maxEventsPerWebhook);
        }
        if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > TrackingLimits.MAX_RAW_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("trackstream.ingest.max-body-size must be 1 to " + TrackingLimits.MAX_RAW_PAYLOAD_BYTES
                    + " bytes (TrackingLimits.MAX_RAW_PAYLOAD_BYTES: every raw event carries the whole body), was " + maxBodySize);
        }
    }

    /** The secret configured for a provider, if any. */
    public Optional<String> secretOf(String provider) {
        return Optional.ofNullable(webhooks.get(provider)).map(WebhookSecret::secret).filter(s -> !s.isBlank());
    }

    /** A provider's shared secret. Its toString never shows it, so it cannot end up in a log by accident. */
    public record WebhookSecret(String secret) {
        @Override
        public String toString() {
            return "WebhookSecret[secret=" + (secret == null || secret.isBlank() ? "<unset>" : "******") + "]";
        }
    }

    /** @param retryAfter what a 503 tells the sender to wait before trying again */
    public record Publish(@DefaultValue("5s") Duration retryAfter) {
    }

    /**
     * @param maxEntries signatures held at most (each about 135 bytes of heap, docs/webhook-ingest.md); past it new
     *                   webhooks get 503 until signatures expire. Size it for the webhook rate times twice the window.
     */
    public record ReplayCache(@DefaultValue("500000") long maxEntries) {
        public ReplayCache {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("trackstream.ingest.replay-cache.max-entries must be at least 1");
            }
        }
    }
}
