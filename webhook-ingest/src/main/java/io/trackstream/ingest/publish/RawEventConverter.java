package io.trackstream.ingest.publish;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.trackstream.avro.ChildParcel;
import io.trackstream.avro.EventSource;
import io.trackstream.avro.Location;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.contract.ParcelKey;
import io.trackstream.ingest.carrier.ParcelReport;
import io.trackstream.ingest.carrier.ParcelReport.CarrierEvent;
import io.trackstream.ingest.carrier.ParcelReport.EventLocation;

/**
 * Turns a webhook's {@link ParcelReport} into one {@link RawTrackingEvent} per tracking entry. Every event carries
 * the whole request body, byte for byte, so the processor (or a human) can always go back to what the carrier sent;
 * carrier texts are copied as the strings Jackson decoded from that UTF-8, unchanged.
 */
public final class RawEventConverter {

    private RawEventConverter() {
    }

    public static List<RawTrackingEvent> toRawEvents(ParcelReport report, Instant receivedAt, String contentType, byte[] rawBody) {
        ParcelKey key = report.parcelKey();
        List<ChildParcel> children = report.childVouchers().stream()
                .map(c -> new ChildParcel(c.trackingNumber(), c.trackingUrl(), c.labelUrl()))
                .toList();
        return report.events().stream().map(event -> toRawEvent(report, key, event, children, receivedAt, contentType, rawBody)).toList();
    }

    private static RawTrackingEvent toRawEvent(ParcelReport report, ParcelKey key, CarrierEvent event, List<ChildParcel> children,
            Instant receivedAt, String contentType, byte[] rawBody) {
        return RawTrackingEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setSource(EventSource.WEBHOOK)
                .setProvider(report.provider())
                .setCarrier(key.carrier())
                .setTrackingNumber(key.trackingNumber())
                .setCarrierStatusCode(event.statusCode())
                .setCarrierSubstatus(event.substatus())
                .setCarrierStatusText(event.text())
                .setEventTime(event.eventTime())
                .setReceivedTime(receivedAt)
                .setLocation(location(event.location()))
                .setCarrierName(report.carrierName())
                .setProviderReference(report.providerReference())
                .setTrackingUrl(report.trackingUrl())
                .setLabelUrl(report.labelUrl())
                .setExpectedDelivery(report.expectedDelivery())
                .setDeliveredAt(report.deliveredAt())
                .setChildParcels(children)
                .setAttributes(report.attributes())
                .setRawContentType(contentType)
                .setRawPayload(ByteBuffer.wrap(rawBody).asReadOnlyBuffer())
                .build();
    }

    private static Location location(EventLocation location) {
        if (location == null) {
            return null;
        }
        return new Location(location.description(), location.city(), location.postalCode(), location.countryCode());
    }
}
