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
import io.trackstream.contract.TrackingLimits;

/** Builds the rejected-topic records, always with the payload as received so nothing is lost. */
final class Rejections {

    private Rejections() {
    }

    static RejectedEvent undecodable(Decoded<?> decoded, Optional<RecordMetadata> source, Instant now) {
        return payload(base(RejectionReason.DESERIALIZATION_FAILED, "Cannot decode the record: " + decoded.error(), source, now)
                .setRawContentType("application/vnd.confluent.avro"), ByteBuffer.wrap(decoded.undecodable()));
    }

    /** @param rawEvent the raw event in the wire format, kept so it can be re-driven once its code is mapped */
    static RejectedEvent unmapped(RawTrackingEvent raw, RejectionReason reason, Optional<RecordMetadata> source, Instant now,
                                  byte[] rawEvent) {
        String detail = reason == RejectionReason.UNKNOWN_PROVIDER
                ? "No mapping table for provider " + raw.getProvider()
                : "Provider " + raw.getProvider() + " has no mapping for status " + raw.getCarrierStatusCode()
                        + (raw.getCarrierSubstatus() == null ? "" : " / substatus " + raw.getCarrierSubstatus());
        return fromRaw(raw, base(reason, detail, source, now)
                .setField(reason == RejectionReason.UNKNOWN_PROVIDER ? "provider" : "carrierStatusCode")
                .setRawEvent(rawEvent == null ? null : ByteBuffer.wrap(rawEvent)));
    }

    static RejectedEvent invalidEvent(RawTrackingEvent raw, RejectionReason reason, String detail, String field,
                                      Optional<RecordMetadata> source, Instant now) {
        return fromRaw(raw, base(reason, detail, source, now).setField(field));
    }

    /** An event whose processing threw: the exception's class and message, and the payload. */
    static RejectedEvent failedEvent(RawTrackingEvent raw, String cause, Optional<RecordMetadata> source, Instant now) {
        return fromRaw(raw, base(RejectionReason.PROCESSING_FAILED, "Processing failed: " + cause, source, now));
    }

    static RejectedEvent failedRegistration(ShipmentRegistration registration, String cause, Optional<RecordMetadata> source,
                                            Instant now) {
        return registration(registration, base(RejectionReason.PROCESSING_FAILED, "Processing failed: " + cause, source, now));
    }

    /** A parcel update (on its way to its shipment) whose processing threw. */
    static RejectedEvent failedUpdate(String shipmentId, String parcelKey, String cause, Optional<RecordMetadata> source, Instant now) {
        String what = "shipment " + shipmentId + (parcelKey == null ? "" : ", parcel " + parcelKey);
        return base(RejectionReason.PROCESSING_FAILED, "Processing failed for " + what + ": " + cause, source, now)
                .setField("shipment")
                .setRawContentType("text/plain")
                .setRawPayload(ByteBuffer.wrap(what.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    static RejectedEvent invalidRegistration(ShipmentRegistration registration, String detail, String field,
                                             Optional<RecordMetadata> source, Instant now) {
        return registration(registration, base(RejectionReason.INVALID_VALUE, detail, source, now).setField(field));
    }

    private static RejectedEvent registration(ShipmentRegistration registration, RejectedEvent.Builder rejected) {
        return payload(rejected
                .setCarrier(registration.getCarrier())
                .setProvider(registration.getProvider())
                .setRawContentType("application/json"), ByteBuffer.wrap(registration.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The payload, or its first bytes with its whole size when it is larger than the rejected topic keeps. */
    private static RejectedEvent payload(RejectedEvent.Builder rejected, ByteBuffer payload) {
        ByteBuffer bytes = payload == null ? ByteBuffer.allocate(0) : payload.duplicate();
        if (bytes.remaining() > TrackingLimits.MAX_REJECTED_PAYLOAD_BYTES) {
            rejected.setRawPayloadSize((long) bytes.remaining());
            bytes.limit(bytes.position() + TrackingLimits.MAX_REJECTED_PAYLOAD_BYTES);
        }
        return rejected.setRawPayload(bytes).build();
    }

    /** The raw event's identifying fields, cut to their limits (a rejected field may be the oversized one). */
    private static RejectedEvent fromRaw(RawTrackingEvent raw, RejectedEvent.Builder rejected) {
        return payload(rejected
                .setProvider(cut(raw.getProvider(), TrackingLimits.MAX_PROVIDER_BYTES))
                .setCarrier(cut(raw.getCarrier(), TrackingLimits.MAX_CARRIER_BYTES))
                .setTrackingNumber(cut(raw.getTrackingNumber(), TrackingLimits.MAX_TRACKING_NUMBER_BYTES))
                .setCarrierStatusCode(cut(raw.getCarrierStatusCode(), TrackingLimits.MAX_STATUS_CODE_BYTES))
                .setCarrierSubstatus(cut(raw.getCarrierSubstatus(), TrackingLimits.MAX_SUBSTATUS_BYTES))
                .setRawContentType(cut(raw.getRawContentType(), TrackingLimits.MAX_CONTENT_TYPE_BYTES)), raw.getRawPayload());
    }

    private static String cut(String value, int maxBytes) {
        if (value == null || TrackingLimits.utf8Length(value) <= maxBytes) {
            return value;
        }
        int end = Math.min(value.length(), maxBytes / 3);
        if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + "…";
    }

    private static RejectedEvent.Builder base(RejectionReason reason, String detail, Optional<RecordMetadata> source, Instant now) {
        return RejectedEvent.newBuilder()
                .setRejectedAt(now)
                .setStage(TopologyNames.STAGE)
                .setReason(reason)
                .setDetail(detail.length() <= 2000 ? detail : detail.substring(0, 2000) + "…")
                .setSourceTopic(source.map(RecordMetadata::topic).orElse(null))
                .setSourcePartition(source.map(RecordMetadata::partition).orElse(null))
                .setSourceOffset(source.map(RecordMetadata::offset).orElse(null));
    }
}
