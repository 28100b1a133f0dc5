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
 * @param publish             how long a request may wait for Kafka before it is answered 503
 */
@ConfigurationProperties("trackstream.ingest")
public record IngestProperties(
        Map<String, WebhookSecret> webhooks,
        @DefaultValue("5m") Duration replayWindow,
        @DefaultValue("256KB") DataSize maxBodySize,
        @DefaultValue("100") int maxEventsPerWebhook,
        @DefaultValue Publish publish) {

    public IngestProperties {
        webhooks = webhooks == null ? Map.of() : Map.copyOf(webhooks);
        if (replayWindow.isNegative() || replayWindow.isZero()) {
            throw new IllegalArgumentException("trackstream.ingest.replay-window must be positive");
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

    /**
     * @param timeout    the longest a request waits for Kafka's acknowledgement of all its records (this also bounds
     *                   the producer's max.block.ms and delivery.timeout.ms)
     * @param retryAfter what a 503 tells the sender to wait before trying again
     */
    public record Publish(@DefaultValue("5s") Duration timeout, @DefaultValue("5s") Duration retryAfter) {
        public Publish {
            if (timeout.toMillis() < 1000) {
                throw new IllegalArgumentException("trackstream.ingest.publish.timeout must be at least 1s");
            }
        }
    }
}
