package io.trackstream.ingest.publish;

import java.nio.ByteBuffer;
import java.time.Instant;

import io.trackstream.avro.RejectedEvent;
import io.trackstream.carriers.json.InvalidPayloadException;

/** What an authenticated but unusable webhook leaves in the rejected topic: why, where, and every byte of it. */
public final class RejectedEventFactory {

    public static final String STAGE = "webhook-ingest";

    private RejectedEventFactory() {
    }

    public static RejectedEvent rejected(InvalidPayloadException failure, String provider, Instant at, String contentType, byte[] rawBody) {
        return RejectedEvent.newBuilder()
                .setRejectedAt(at)
                .setStage(STAGE)
                .setReason(failure.reason())
                .setDetail(failure.getMessage())
                .setField(failure.field())
                .setProvider(provider)
                .setCarrier(failure.carrier())
                .setTrackingNumber(failure.trackingNumber())
                .setRawContentType(contentType)
                .setRawPayload(ByteBuffer.wrap(rawBody).asReadOnlyBuffer())
                .build();
    }
}
