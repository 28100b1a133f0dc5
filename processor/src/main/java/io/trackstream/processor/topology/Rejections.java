package io.trackstream.processor.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import org.apache.kafka.streams.processor.api.RecordMetadata;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.RejectionReason;
import io.trackstream.avro.ShipmentRegistration;

/** Builds the rejected-topic records, always with the payload as received so nothing is lost. */
final class Rejections {

    private Rejections() {
    }

    static RejectedEvent undecodable(Decoded<?> decoded, Optional<RecordMetadata> source, Instant now) {
        return base(RejectionReason.DESERIALIZATION_FAILED, "Cannot decode the record: " + decoded.error(), source, now)
                .setRawContentType("application/vnd.confluent.avro")
                .setRawPayload(ByteBuffer.wrap(decoded.undecodable()))
                .build();
    }

    static RejectedEvent unmapped(RawTrackingEvent raw, RejectionReason reason, Optional<RecordMetadata> source, Instant now) {
        String detail = reason == RejectionReason.UNKNOWN_PROVIDER
                ? "No mapping table for provider " + raw.getProvider()
                : "Provider " + raw.getProvider() + " has no mapping for status " + raw.getCarrierStatusCode()
                        + (raw.getCarrierSubstatus() == null ? "" : " / substatus " + raw.getCarrierSubstatus());
        return fromRaw(raw, base(reason, detail, source, now)
                .setField(reason == RejectionReason.UNKNOWN_PROVIDER ? "provider" : "carrierStatusCode"));
    }

    static RejectedEvent invalidEvent(RawTrackingEvent raw, String detail, String field, Optional<RecordMetadata> source, Instant now) {
        return fromRaw(raw, base(RejectionReason.INVALID_VALUE, detail, source, now).setField(field));
    }

    static RejectedEvent invalidRegistration(ShipmentRegistration registration, String detail, String field,
                                             Optional<RecordMetadata> source, Instant now) {
        return base(RejectionReason.INVALID_VALUE, detail, source, now)
                .setField(field)
                .setCarrier(registration.getCarrier())
                .setProvider(registration.getProvider())
                .setRawContentType("application/json")
                .setRawPayload(ByteBuffer.wrap(registration.toString().getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    private static RejectedEvent fromRaw(RawTrackingEvent raw, RejectedEvent.Builder rejected) {
        return rejected
                .setProvider(raw.getProvider())
                .setCarrier(raw.getCarrier())
                .setTrackingNumber(raw.getTrackingNumber())
                .setCarrierStatusCode(raw.getCarrierStatusCode())
                .setCarrierSubstatus(raw.getCarrierSubstatus())
                .setRawContentType(raw.getRawContentType())
                .setRawPayload(raw.getRawPayload())
                .build();
    }

    private static RejectedEvent.Builder base(RejectionReason reason, String detail, Optional<RecordMetadata> source, Instant now) {
        return RejectedEvent.newBuilder()
                .setRejectedAt(now)
                .setStage(TopologyNames.STAGE)
                .setReason(reason)
                .setDetail(detail)
                .setSourceTopic(source.map(RecordMetadata::topic).orElse(null))
                .setSourcePartition(source.map(RecordMetadata::partition).orElse(null))
                .setSourceOffset(source.map(RecordMetadata::offset).orElse(null));
    }
}
