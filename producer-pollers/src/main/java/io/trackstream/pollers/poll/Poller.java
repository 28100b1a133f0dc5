package io.trackstream.pollers.poll;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import io.trackstream.avro.EventSource;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.RejectionReason;
import io.trackstream.carriers.ParcelReport;
import io.trackstream.carriers.json.InvalidPayloadException;
import io.trackstream.carriers.json.JsonPayload;
import io.trackstream.contract.EventKeyDigest;
import io.trackstream.contract.ParcelKey;
import io.trackstream.pollers.carrier.CarrierCallException;
import io.trackstream.pollers.carrier.PollRequest;
import io.trackstream.pollers.targets.PollTargetEntry;
import io.trackstream.pollers.config.PollersProperties;
import io.trackstream.pollers.metrics.PollMetrics;
import io.trackstream.pollers.resilience.CarrierClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One poll from end to end: ask the provider (with its limits and back-off), read the answer with the provider's
 * reader (the same one webhook-ingest reads its pushes with; an answer it cannot use at all is INVALID_RESPONSE),
 * publish every event
 * in it that the contract accepts, as one batch, and each refused entry to the rejected topic (PollBatch). Publishing
 * the whole history is intended: deduplication is the processor's job. A scheduled poll may leave out what the
 * processor already holds: when the parcel's poll target carries the digest of the processor's event keys and the
 * history's digest (EventKeyDigest, the processor's own function) is the same, and nothing of the answer was refused,
 * nothing is published and the poll counts as unchanged. Any difference publishes the whole history as before (a
 * poller whose target lags the processor just publishes), so the processor's dedupe stays the guarantee.
 */
@Component
public class Poller {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);

    private final CarrierClient client;
    private final RawEventPublisher publisher;
    private final PollMetrics metrics;
    private final Duration publishTimeout;

    public Poller(CarrierClient client, RawEventPublisher publisher, PollMetrics metrics, PollersProperties properties) {
        this.client = client;
        this.publisher = publisher;
        this.metrics = metrics;
        this.publishTimeout = properties.sync().publishTimeout();
    }

    /** A poll that publishes every accepted event (an on-demand sync, or a parcel whose held events are unknown). */
    public PollResult poll(PollRequest request, EventSource source) {
        return poll(request, source, parcel -> null);
    }

    /**
     * A poll whose history is not published when its digest is {@code heldDigest}'s for the answer's parcel (null:
     * unknown, publish). The result lists what was published: nothing, for an unchanged history.
     */
    public PollResult poll(PollRequest request, EventSource source, Function<ParcelKey, String> heldDigest) {
        CarrierClient.Answer answer = client.call(request, source);
        ParcelReport report;
        try {
            report = answer.adapter().reader().read(JsonPayload.parseObject(answer.response().body()), request.known());
        } catch (InvalidPayloadException e) {
            CarrierCallException invalid = CarrierCallException.invalidResponse(request.provider(), e.getMessage());
            metrics.skipped(request.provider(), invalid.failure().outcome());
            throw invalid;
        }
        PollBatch batch = PollBatch.of(report, source, answer.response());
        if (batch.rejected().isEmpty() && EventKeyDigest.unchanged(heldDigest.apply(report.parcelKey()), batch.events())) {
            metrics.unchanged(request.provider(), batch.events().size());
            log.debug("Poll of {} {}: the {} events of {} are all held by the processor, none published", request.provider(),
                    request.reference(), batch.events().size(), report.parcelKey());
            return new PollResult(answer.response().receivedAt(), List.of());
        }
        if (!batch.isEmpty()) {
            publisher.publish(batch.events(), batch.rejected(), publishTimeout);
            metrics.published(request.provider(), source.name().toLowerCase(Locale.ROOT), batch.events().size());
            batch.rejected().forEach(r -> metrics.skipped(request.provider(), r.getReason().name().toLowerCase(Locale.ROOT)));
        }
        return new PollResult(answer.response().receivedAt(), batch.events());
    }

    /**
     * Tells the rejected topic that a parcel is no longer polled: its provider answered not found too often in a row.
     * Best effort: the parcel is parked whether or not Kafka takes the record.
     */
    public void parked(PollTargetEntry target, int httpStatus, int polls) {
        String detail = target.provider() + " answered " + httpStatus + " for reference " + target.reference() + " on " + polls
                + " polls in a row; parcel " + target.parcel() + " (shipment " + target.shipmentId()
                + ") is not polled again until its registration changes";
        RejectedEvent rejected = RejectedEvent.newBuilder()
                .setRejectedAt(Instant.now())
                .setStage(PollBatch.STAGE)
                .setReason(RejectionReason.INVALID_VALUE)
                .setDetail(detail)
                .setField("providerReference")
                .setProvider(target.provider())
                .setCarrier(target.parcel().carrier())
                .setTrackingNumber(target.parcel().trackingNumber())
                .setRawContentType("text/plain")
                .setRawPayload(ByteBuffer.wrap(detail.getBytes(StandardCharsets.UTF_8)))
                .build();
        try {
            publisher.publish(List.of(), List.of(rejected), publishTimeout);
        } catch (RawEventPublisher.PublishFailedException e) {
            log.warn("Could not record the parking of {}: {}", target.parcel(), e.getMessage());
        }
    }
}
