package io.trackstream.notifier.order;

import java.util.List;

import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.ParcelStatusChange;
import io.trackstream.avro.ParcelStatusChanged;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.avro.ShipmentStatusChanged;

/** The edge between the topics' Avro types and the notifier's records. */
public final class AvroOrderConverter {

    private AvroOrderConverter() {
    }

    public static AutoCloseRequest autoCloseRequest(OrderAutoCloseRequested avro) {
        return new AutoCloseRequest(
                avro.getRequestId(),
                avro.getTenant(),
                avro.getOrderId(),
                avro.getPartnerOrderReference(),
                avro.getSalesChannel(),
                avro.getShipmentId(),
                avro.getCarrier(),
                avro.getCarrierName(),
                avro.getTrackingNumbers(),
                avro.getTrackingUrl(),
                avro.getDeliveredAt(),
                avro.getLastCarrierUpdate(),
                avro.getCauseReceivedTime(),
                avro.getRequestedAt());
    }

    public static ShipmentChange shipmentChange(ShipmentStatusChanged avro) {
        return shipmentChange(avro.getChangeId(), avro.getFrom(), avro.getTo(), avro.getShipment());
    }

    /** A parcel-level change: the shipment's status is the same before and after it. */
    public static LabelChange labelChange(ParcelStatusChanged avro) {
        Shipment shipment = avro.getShipment();
        return new LabelChange(shipmentChange(avro.getChangeId(), shipment.getStatus(), shipment.getStatus(), shipment),
                avro.getParcels().stream().map(ParcelStatusChange::getTrackingNumber).toList(),
                avro.getShipmentStatusChanged());
    }

    private static ShipmentChange shipmentChange(String changeId, ShipmentStatus from, ShipmentStatus to, Shipment shipment) {
        List<ParcelState> parcels = shipment.getParcels().stream().map(AvroOrderConverter::parcel).toList();
        return new ShipmentChange(
                changeId,
                shipment.getVersion(),
                shipment.getTenant(),
                shipment.getOrderId(),
                shipment.getShipmentId(),
                from,
                to,
                shipment.getCarrier(),
                shipment.getCarrierName(),
                parcels,
                shipment.getTrackingUrls(),
                shipment.getLastCarrierUpdate(),
                shipment.getDeliveredAt(),
                shipment.getCreatedAt(),
                shipment.getIsReturn(),
                shipment.getAttributes());
    }

    private static ParcelState parcel(Parcel p) {
        return new ParcelState(
                p.getTrackingNumber(),
                p.getLabelId(),
                p.getStatus(),
                p.getLastCarrierStatusCode(),
                p.getLastCarrierStatusText(),
                p.getLastCarrierUpdate(),
                p.getDeliveredAt(),
                p.getTrackingUrl());
    }
}
