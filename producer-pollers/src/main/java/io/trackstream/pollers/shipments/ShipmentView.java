package io.trackstream.pollers.shipments;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The slim projection of a {@code Shipment} the sync API needs: who owns it, what to poll, its canonical state and
 * the version that tells whether the processor has applied something new. Histories are left out on purpose: this
 * view holds every shipment in memory.
 */
public record ShipmentView(
        String shipmentId,
        String tenant,
        String orderId,
        String partnerOrderReference,
        String carrier,
        String carrierName,
        String provider,
        String providerReference,
        String carrierAccount,
        String status,
        List<ParcelView> parcels,
        List<String> trackingUrls,
        Instant expectedDelivery,
        Instant lastCarrierUpdate,
        Instant deliveredAt,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public ShipmentView {
        parcels = List.copyOf(parcels);
        trackingUrls = List.copyOf(trackingUrls);
    }

    public Optional<ParcelView> parcel(String carrier, String trackingNumber) {
        return parcels.stream().filter(p -> p.carrier().equals(carrier) && p.trackingNumber().equals(trackingNumber)).findFirst();
    }

    /** A parcel's canonical state and the carrier event that set it. */
    public record ParcelView(
            String carrier,
            String trackingNumber,
            String status,
            String reason,
            String lastCarrierStatusCode,
            String lastCarrierStatusText,
            Instant statusEventTime,
            Instant lastCarrierUpdate,
            Instant expectedDelivery,
            Instant deliveredAt,
            String trackingUrl) {
    }
}
