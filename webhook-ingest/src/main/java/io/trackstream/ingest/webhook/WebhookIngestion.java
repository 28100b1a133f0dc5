package io.trackstream.ingest.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.trackstream.avro.EventSource;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.RejectionReason;
import io.trackstream.carriers.ParcelReport;
import io.trackstream.carriers.PayloadReader;
import io.trackstream.carriers.RawEvents;
import io.trackstream.carriers.json.InvalidPayloadException;
import io.trackstream.carriers.json.JsonPayload;
import io.trackstream.contract.EventBatches;
import io.trackstream.contract.ParcelKey;
import io.trackstream.contract.RawEventCheck;
import io.trackstream.ingest.config.IngestProperties;
import io.trackstream.ingest.metrics.IngestMetrics;
import io.trackstream.ingest.payload.BadRequests;
import io.trackstream.ingest.payload.JsonContentType;
import io.trackstream.ingest.publish.Deadline;
import io.trackstream.ingest.publish.DurablePublisher;
import io.trackstream.ingest.publish.PublishFailedException;
import io.trackstream.ingest.publish.RejectedEventFactory;
import io.trackstream.ingest.security.ReplayGuard;
import io.trackstream.ingest.security.WebhookAuthenticator;
import io.trackstream.topics.TopicNames;
import io.trackstream.web.ApiException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * One webhook, from bytes to durable raw events: content type (415), signature (401), replay guard, payload (400/413,
 * and the payload is kept in the rejected topic), publish (503 unless Kafka acknowledged everything). The body's size
 * is bounded before it gets here (the web layer's 413); the payload is read by the provider's reader in carriers, the
 * same one that reads a polled answer. The order matters: nothing is parsed before it is authenticated, and nothing
 * is acknowledged before Kafka has it. The whole request runs against one deadline (trackstream.ingest.request-timeout).
 * <p>
 * The same signed request sent again while the first is still in flight (a carrier retrying while we wait on Kafka)
 * waits for the first one's outcome and gets it: the same 202, or the same 4xx. If the first ends in 503, the copy
 * takes over and tries itself. If the deadline passes first, it is a 503 with Retry-After, never a 401.
 */
public class WebhookIngestion {

    private static final Logger log = LoggerFactory.getLogger(WebhookIngestion.class);

    private final WebhookAuthenticator authenticator;
    private final ReplayGuard replayGuard;
    private final DurablePublisher publisher;
    private final TopicNames topics;
    private final IngestProperties properties;
    private final IngestMetrics metrics;
    private final Clock clock;

    public WebhookIngestion(WebhookAuthenticator authenticator, ReplayGuard replayGuard, DurablePublisher publisher,
            TopicNames topics, IngestProperties properties, IngestMetrics metrics, Clock clock) {
        this.authenticator = authenticator;
        this.replayGuard = replayGuard;
        this.publisher = publisher;
        this.topics = topics;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    public WebhookAccepted receive(PayloadReader reader, ReceivedWebhook request) {
        String provider = reader.provider();
        try {
            WebhookAccepted accepted = ingest(reader, request, Deadline.in(properties.requestTimeout()));
            metrics.request(provider, IngestMetrics.outcomeOf(HttpStatus.ACCEPTED.value()));
            metrics.eventsPublished(provider, accepted.events());
            return accepted;
        } catch (ApiException e) {
            metrics.request(provider, IngestMetrics.outcomeOf(e.status().value()));
            metrics.rejection(provider, e.type());
            throw e;
        } catch (RuntimeException e) {
            metrics.request(provider, IngestMetrics.outcomeOf(HttpStatus.INTERNAL_SERVER_ERROR.value()));
            throw e;
        }
    }

    private WebhookAccepted ingest(PayloadReader reader, ReceivedWebhook request, Deadline deadline) {
        Instant receivedAt = clock.instant();
        String contentType = JsonContentType.require(request.contentType());
        byte[] body = request.body();
        WebhookAuthenticator.Signature signature = authenticator.authenticate(reader.provider(), request.timestamp(),
                request.signature(), body);
        while (true) {
            ReplayGuard.Claim claim = replayGuard.claim(signature.key(), signature.signedAtEpochSeconds());
            if (claim instanceof ReplayGuard.Owned owned) {
                return ingestOwned(reader, owned, receivedAt, contentType, body, deadline);
            }
            if (claim instanceof ReplayGuard.InFlight inFlight) {
                Object outcome = awaitFirst(inFlight, reader.provider(), deadline);
                if (outcome instanceof WebhookAccepted accepted) {
                    return accepted;
                }
                if (outcome instanceof ApiException refused) {
                    throw refused;
                }
                continue; // the first was released (503): this copy may take the claim and try itself
            }
            if (claim == ReplayGuard.Full.INSTANCE) {
                log.warn("Replay cache full ({} signatures): answering 503 to a webhook of {}", replayGuard.maxEntries(), reader.provider());
                throw ApiException.unavailable("replay_cache_full",
                        "Too many webhooks within the replay window; send it again later", retryAfterSeconds());
            }
            throw WebhookAuthenticator.replayed();
        }
    }

    private WebhookAccepted ingestOwned(PayloadReader reader, ReplayGuard.Owned claim, Instant receivedAt, String contentType,
            byte[] body, Deadline deadline) {
        try {
            ParcelReport report;
            List<RawTrackingEvent> events;
            try {
                report = read(reader, body);
                events = EventBatches.stamp(RawEvents.of(report, new RawEvents.Received(EventSource.WEBHOOK, receivedAt, contentType, body)));
                requireWithinContract(report, events);
            } catch (InvalidPayloadException invalid) {
                keepRejected(invalid, reader.provider(), receivedAt, contentType, body, deadline);
                ApiException refused = BadRequests.of(invalid);
                // a 4xx whose payload is now in the rejected topic: that delivery is settled
                replayGuard.settle(claim, refused);
                throw refused;
            }
            String key = report.parcelKey().toString();
            publisher.publish("raw", events.stream().map(e -> new ProducerRecord<>(topics.raw(), key, e)).toList(), deadline);
            WebhookAccepted accepted = new WebhookAccepted(reader.provider(), key, events.size());
            replayGuard.settle(claim, accepted);
            return accepted;
        } catch (PublishFailedException e) {
            log.warn("Webhook of {} not acknowledged by Kafka, answering 503: {}", reader.provider(), e.getMessage());
            throw unavailable();
        } finally {
            // Not settled (a 503, or our own failure): not durable, so not accepted. Let the sender, or a copy waiting
            // for this outcome, send this very request again instead of calling it a replay.
            if (!claim.outcome().isDone()) {
                replayGuard.release(claim);
            }
        }
    }

    /** The outcome of the first delivery of this signed request, waited for within this request's deadline. */
    private Object awaitFirst(ReplayGuard.InFlight inFlight, String provider, Deadline deadline) {
        try {
            return inFlight.outcome().get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            log.info("A copy of a webhook of {} still in flight after the deadline: answering 503", provider);
            throw ApiException.unavailable("request_in_flight",
                    "The same signed request is still being stored; send it again later", retryAfterSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (ExecutionException e) {
            throw new IllegalStateException("The first delivery's outcome failed", e.getCause());
        }
    }

    private ApiException unavailable() {
        return ApiException.unavailable("broker_unavailable", "The event could not be stored right now; send it again later",
                retryAfterSeconds());
    }

    private long retryAfterSeconds() {
        return Math.max(1, properties.publish().retryAfter().toSeconds());
    }

    /**
     * The webhook as one report, all or nothing: an entry the reader refused refuses the webhook (the sender can fix it
     * and send it again), and so does a webhook without entries or with more than one request may carry.
     */
    private ParcelReport read(PayloadReader reader, byte[] body) {
        ParcelReport report = reader.read(JsonPayload.parseObject(body));
        if (!report.refused().isEmpty()) {
            throw report.refused().get(0).problem().aboutParcel(report.carrier(), report.trackingNumber());
        }
        if (report.events().isEmpty()) {
            throw InvalidPayloadException.invalid(report.payloadField(-1, "events"), "has no tracking entries")
                    .aboutParcel(report.carrier(), report.trackingNumber());
        }
        if (report.events().size() > properties.maxEventsPerWebhook()) {
            throw new InvalidPayloadException(RejectionReason.TOO_LARGE, reader.eventsField(),
                    "The webhook has " + report.events().size() + " tracking entries; at most "
                            + properties.maxEventsPerWebhook() + " are accepted in one request")
                    .aboutParcel(report.carrier(), report.trackingNumber());
        }
        return report;
    }

    /**
     * What the processor would refuse is refused here, before anything is published: the webhook stays all or nothing,
     * and a 202 means every one of its events is within the contract's bounds (TrackingLimits).
     */
    private static void requireWithinContract(ParcelReport report, List<RawTrackingEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            Optional<RawEventCheck.Violation> violation = RawEventCheck.check(events.get(i));
            if (violation.isPresent()) {
                RawEventCheck.Violation v = violation.get();
                String field = report.payloadField(i, v.field());
                throw new InvalidPayloadException(v.tooLarge() ? RejectionReason.TOO_LARGE : RejectionReason.INVALID_VALUE, field,
                        "Field '" + field + "' is refused: " + v.detail()).aboutParcel(report.carrier(), report.trackingNumber());
            }
        }
    }

    private void keepRejected(InvalidPayloadException invalid, String provider, Instant at, String contentType, byte[] body,
            Deadline deadline) {
        RejectedEvent rejected = RejectedEventFactory.rejected(invalid, provider, at, contentType, body);
        String key = keyOf(invalid);
        publisher.publish("rejected", List.of(new ProducerRecord<>(topics.rejected(), key, rejected)), deadline);
    }

    private static String keyOf(InvalidPayloadException invalid) {
        if (invalid.carrier() == null || invalid.trackingNumber() == null) {
            return null;
        }
        try {
            return ParcelKey.of(invalid.carrier(), invalid.trackingNumber()).toString();
        } catch (IllegalArgumentException notAParcel) {
            return null;
        }
    }
}
