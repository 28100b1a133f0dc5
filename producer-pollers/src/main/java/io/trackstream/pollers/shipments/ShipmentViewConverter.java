package io.trackstream.pollers.shipments;

import io.trackstream.avro.Parcel;
import io.trackstream.avro.Shipment;

/** {@code Shipment} (Avro, from shipments.v1) to the slim {@link ShipmentView}. */
public final class ShipmentViewConverter {

    private ShipmentViewConverter() {
    }

    public static ShipmentView toView(Shipment s) {
        return new ShipmentView(s.getShipmentId(), s.getTenant(), s.getOrderId(), s.getPartnerOrderReference(),
                s.getCarrier(), s.getCarrierName(), s.getProvider(), s.getProviderReference(), s.getCarrierAccount(),
                s.getStatus().name(), s.getParcels().stream().map(ShipmentViewConverter::toView).toList(),
                s.getTrackingUrls(), s.getExpectedDelivery(), s.getLastCarrierUpdate(), s.getDeliveredAt(),
                s.getCreatedAt(), s.getUpdatedAt(), s.getVersion());
    }

    private static ShipmentView.ParcelView toView(Parcel p) {
        return new ShipmentView.ParcelView(p.getCarrier(), p.getTrackingNumber(),
                p.getStatus() == null ? null : p.getStatus().name(), p.getReason() == null ? null : p.getReason().name(),
                p.getLastCarrierStatusCode(), p.getLastCarrierStatusText(), p.getStatusEventTime(), p.getLastCarrierUpdate(),
                p.getExpectedDelivery(), p.getDeliveredAt(), p.getTrackingUrl(),
                p.getHistory().stream().mapToLong(e -> safeHash(e.getEventKey())).sorted().toArray(),
                p.getHistory().isEmpty() ? null : p.getHistory().get(0).getEventTime(),
                p.getHistoryOmitted() > 0 || p.getTrimmedStatusEvent() != null);
    }

    private static long safeHash(String eventKey) {
        try {
            return ShipmentView.ParcelView.hash(eventKey);
        } catch (NumberFormatException e) {
            return 0L;
        }
    }
}
