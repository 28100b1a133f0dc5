package io.trackstream.pollers.poll;

import java.nio.ByteBuffer;
import java.util.UUID;

import io.trackstream.avro.ChildParcel;
import io.trackstream.avro.EventSource;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.pollers.carrier.CarrierObservation;
import io.trackstream.pollers.carrier.CarrierResponse;

/**
 * Observation to {@code RawTrackingEvent}, the edge between the pollers' records and the Avro contract. Every event
 * of one answer carries that whole answer, byte for byte, as its raw payload.
 */
public final class RawEventConverter {

    private RawEventConverter() {
    }

    public static RawTrackingEvent toAvro(CarrierObservation o, String provider, EventSource source, CarrierResponse response) {
        return RawTrackingEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setSource(source)
                .setProvider(provider)
                .setCarrier(o.parcel().carrier())
                .setTrackingNumber(o.parcel().trackingNumber())
                .setCarrierStatusCode(o.statusCode())
                .setCarrierSubstatus(o.substatus())
                .setCarrierStatusText(o.statusText())
                .setEventTime(o.eventTime())
                .setReceivedTime(response.receivedAt())
                .setLocation(null)
                .setCarrierName(o.carrierName())
                .setProviderReference(o.providerReference())
                .setTrackingUrl(o.trackingUrl())
                .setLabelUrl(o.labelUrl())
                .setExpectedDelivery(o.expectedDelivery())
                .setDeliveredAt(o.deliveredAt())
                .setChildParcels(o.childParcels().stream()
                        .map(c -> new ChildParcel(c.trackingNumber(), c.trackingUrl(), c.labelUrl())).toList())
                .setAttributes(o.attributes())
                .setRawContentType(response.contentType())
                .setRawPayload(ByteBuffer.wrap(response.body()))
                .build();
    }
}
