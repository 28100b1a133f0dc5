package io.trackstream.pollers.support;

import java.time.Instant;
import java.util.List;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.EventSource;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.contract.EventKey;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatus;

/** Builder of shipments.v1 records as the processor would write them. */
public final class Shipments {

    private final Shipment.Builder shipment;
    private final Parcel.Builder parcel;

    private Shipments(String shipmentId, String tenant, String orderId, String provider, String providerReference,
            String carrier, String trackingNumber) {
        Instant created = Instant.parse("2024-07-12T14:00:00Z");
        parcel = Parcel.newBuilder().setParcelKey(carrier + ":" + trackingNumber).setCarrier(carrier)
                .setTrackingNumber(trackingNumber).setStatus(CanonicalStatus.IN_TRANSIT);
        shipment = Shipment.newBuilder().setShipmentId(shipmentId).setTenant(tenant).setOrderId(orderId)
                .setCarrier(carrier).setProvider(provider).setProviderReference(providerReference)
                .setStatus(ShipmentStatus.IN_TRANSIT).setCreatedAt(created).setUpdatedAt(created).setVersion(1);
    }

    public static Shipments shipment(String shipmentId, String tenant, String orderId, String provider,
            String providerReference, String carrier, String trackingNumber) {
        return new Shipments(shipmentId, tenant, orderId, provider, providerReference, carrier, trackingNumber);
    }

    public Shipments status(ShipmentStatus status, CanonicalStatus parcelStatus) {
        shipment.setStatus(status);
        parcel.setStatus(parcelStatus);
        return this;
    }

    /** The carrier event that set the parcel's status, also in its history (as the processor keys it). */
    public Shipments carrierEvent(String code, Instant eventTime) {
        parcel.setLastCarrierStatusCode(code).setStatusEventTime(eventTime);
        return holding(code, null, null, eventTime);
    }

    /** A carrier event in the parcel's history, keyed as the processor keys it. */
    public Shipments holding(String code, String substatus, String text, Instant eventTime) {
        List<TrackingEvent> history = new java.util.ArrayList<>(parcel.getHistory() == null ? List.of() : parcel.getHistory());
        history.add(TrackingEvent.newBuilder()
                .setEventKey(EventKey.of(parcel.getCarrier(), parcel.getTrackingNumber(), code, substatus, eventTime, text))
                .setStatus(CanonicalStatus.IN_TRANSIT).setProvider(shipment.getProvider()).setSource(EventSource.POLL)
                .setCarrierStatusCode(code).setCarrierSubstatus(substatus).setCarrierStatusText(text)
                .setEventTime(eventTime).setReceivedTime(eventTime).build());
        history.sort(java.util.Comparator.comparing(TrackingEvent::getEventTime));
        parcel.setHistory(history);
        return this;
    }

    /** The raw events in the parcel's history, as a processor that applied them would hold them. */
    public Shipments holding(List<RawTrackingEvent> events) {
        events.forEach(e -> holding(e.getCarrierStatusCode(), e.getCarrierSubstatus(), e.getCarrierStatusText(), e.getEventTime()));
        return this;
    }

    public Shipments carrierAccount(String account) {
        shipment.setCarrierAccount(account);
        return this;
    }

    public Shipments version(long version) {
        shipment.setVersion(version);
        return this;
    }

    public Shipments lastCarrierUpdate(Instant at) {
        shipment.setLastCarrierUpdate(at).setUpdatedAt(at);
        parcel.setLastCarrierUpdate(at);
        return this;
    }

    public Shipments carrierName(String name) {
        shipment.setCarrierName(name);
        return this;
    }

    public Shipment build() {
        return shipment.setParcels(List.of(parcel.build())).build();
    }
}
