package io.trackstream.carriers;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.trackstream.avro.ChildParcel;
import io.trackstream.avro.EventSource;
import io.trackstream.avro.Location;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.carriers.ParcelReport.CarrierEvent;
import io.trackstream.carriers.ParcelReport.EventLocation;
import io.trackstream.contract.ParcelKey;

/**
 * Turns a {@link ParcelReport} into one {@link RawTrackingEvent} per tracking entry, the edge between the readers'
 * records and the Avro contract. Every event carries the whole payload, byte for byte, so the processor (or a human)
 * can always go back to what the carrier sent; carrier texts are the strings Jackson decoded from that UTF-8, unchanged.
 */
public final class RawEvents {

    private RawEvents() {
    }

    /** What was received with the payload: how, when, and the payload itself. */
    public record Received(EventSource source, Instant at, String contentType, byte[] payload) {
    }

    public static List<RawTrackingEvent> of(ParcelReport report, Received received) {
        return IntStream.range(0, report.events().size()).mapToObj(i -> of(report, i, received)).toList();
    }

    /** The raw event of the report's {@code index}th entry. */
    public static RawTrackingEvent of(ParcelReport report, int index, Received received) {
        ParcelKey key = report.parcelKey();
        CarrierEvent event = report.events().get(index);
        return RawTrackingEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setSource(received.source())
                .setProvider(report.provider())
                .setCarrier(key.carrier())
                .setTrackingNumber(key.trackingNumber())
                .setCarrierStatusCode(event.statusCode())
                .setCarrierSubstatus(event.substatus())
                .setCarrierStatusText(event.text())
                .setEventTime(event.eventTime())
                .setReceivedTime(received.at())
                .setLocation(location(event.location()))
                .setCarrierName(report.carrierName())
                .setProviderReference(report.providerReference())
                .setTrackingUrl(report.trackingUrl())
                .setLabelUrl(report.labelUrl())
                .setExpectedDelivery(report.expectedDelivery())
                .setDeliveredAt(report.deliveredAt())
                .setChildParcels(report.childVouchers().stream()
                        .map(c -> new ChildParcel(c.trackingNumber(), c.trackingUrl(), c.labelUrl())).toList())
                .setAttributes(report.attributes())
                .setRawContentType(received.contentType())
                .setRawPayload(ByteBuffer.wrap(received.payload()).asReadOnlyBuffer())
                .build();
    }

    private static Location location(EventLocation location) {
        if (location == null) {
            return null;
        }
        return new Location(location.description(), location.city(), location.postalCode(), location.countryCode());
    }
}
