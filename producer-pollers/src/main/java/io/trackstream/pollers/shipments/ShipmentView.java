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

    /**
     * A parcel's canonical state and the carrier event that set it, with the 64-bit hashes of the event keys its
     * history holds ({@code eventKeys}, sorted) and the time of its oldest entry, so a sync can tell whether the
     * processor holds its events without keeping whole histories in memory. {@code olderTrimmed}: entries older than
     * {@code oldestEventTime} were left out of the record.
     */
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
            String trackingUrl,
            long[] eventKeys,
            Instant oldestEventTime,
            boolean olderTrimmed) {

        /** Whether the parcel's history holds the event of this key and time (an older one than it keeps counts as held). */
        public boolean holds(String eventKey, Instant eventTime) {
            if (eventKeys != null && java.util.Arrays.binarySearch(eventKeys, hash(eventKey)) >= 0) {
                return true;
            }
            return olderTrimmed && oldestEventTime != null && eventTime.isBefore(oldestEventTime);
        }

        /** The 64 bits of an event key (32 hex digits) that the view keeps. */
        public static long hash(String eventKey) {
            return Long.parseUnsignedLong(eventKey.substring(0, Math.min(16, eventKey.length())), 16);
        }
    }
}
