package io.trackstream.processor.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.trackstream.avro.EventSource;
import io.trackstream.avro.Location;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RegisteredParcel;
import io.trackstream.avro.ShipmentRegistration;

/**
 * Payloads shaped like the API seeds in shared/seeds: the Shiplemon tracking histories (Greek status_details,
 * out-of-order dates), the courier-sync sync response (delivered / delivered_001), the Salesive label status and
 * Carriyo's sales channel rule.
 */
public final class Seeds {

    public static final String ELTA_TRACKING = "ZU500011420GR";
    public static final String SHIPLEMON_SHIPMENT = "be96511d-ba23-4268-bd8b-48c9cf930222";

    private Seeds() {
    }

    /** One tracking_history entry of Shiplemon's GET /shipments/:id/tracking, as the poller publishes it. */
    public static RawTrackingEvent.Builder shiplemon(String trackingNumber, String status, String statusExact, String statusDate, String details) {
        String json = "{\"status\":\"" + status + "\",\"status_exact\":" + (statusExact == null ? "null" : "\"" + statusExact + "\"")
                + ",\"status_date\":\"" + statusDate + "\",\"status_details\":\"" + details + "\"}";
        return RawTrackingEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setSource(EventSource.POLL)
                .setProvider("shiplemon")
                .setCarrier("elta")
                .setTrackingNumber(trackingNumber)
                .setCarrierStatusCode(status)
                .setCarrierSubstatus(statusExact)
                .setCarrierStatusText(details)
                .setEventTime(Instant.parse(statusDate))
                .setReceivedTime(Instant.parse("2024-07-15T10:05:00Z"))
                .setLocation(null)
                .setCarrierName("ELTA Courier")
                .setProviderReference(SHIPLEMON_SHIPMENT)
                .setTrackingUrl("https://www.elta-courier.gr/search?br=" + trackingNumber)
                .setLabelUrl("https://static.shiplemon.com/labels/elta/" + trackingNumber + ".pdf")
                .setExpectedDelivery(null)
                .setDeliveredAt(null)
                .setChildParcels(List.of())
                .setAttributes(Map.of("service", "elta_courier_porta_porta", "country_from", "GR", "country_to", "GR"))
                .setRawContentType("application/json")
                .setRawPayload(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** The second Shiplemon seed history, in the order the API lists it (DELIVERED dated before everything else). */
    public static List<RawTrackingEvent> shiplemonOutOfOrderHistory(String trackingNumber, Instant receivedTime) {
        return List.of(
                shiplemon(trackingNumber, "DELIVERED", null, "2023-11-20T00:00:01.992Z", "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ").setReceivedTime(receivedTime).build(),
                shiplemon(trackingNumber, "EXCEPTION", null, "2023-11-20T00:00:02.195Z", "ΑΚΥΡΩΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ").setReceivedTime(receivedTime).build(),
                shiplemon(trackingNumber, "TRANSIT", null, "2023-11-20T00:00:02.075Z", "ΕΚΦΟΡΤΩΣΗ ΑΠΟ ΜΕΤΑΦΟΡΙΚΟ ΜΕΣΟ").setReceivedTime(receivedTime).build(),
                shiplemon(trackingNumber, "PRE_TRANSIT", null, "2023-11-20T00:00:02.064Z", "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ").setReceivedTime(receivedTime).build());
    }

    /** The first Shiplemon seed history, newest first as the API lists it. */
    public static List<RawTrackingEvent> shiplemonDeliveredHistory(String trackingNumber, Instant receivedTime) {
        return List.of(
                shiplemon(trackingNumber, "DELIVERED", null, "2024-07-15T10:02:00.000Z", "ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ").setReceivedTime(receivedTime).build(),
                shiplemon(trackingNumber, "TRANSIT", "WITH_COURIER", "2024-07-15T09:45:00.000Z", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ").setReceivedTime(receivedTime).build(),
                shiplemon(trackingNumber, "PRE_TRANSIT", null, "2024-07-12T14:17:00.000Z", "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ").setReceivedTime(receivedTime).build());
    }

    /** A courier-sync POST /shipments/{id}/sync answer: tracking_status and tracking_substatus, AfterShip style. */
    public static RawTrackingEvent.Builder courierSync(String carrier, String trackingNumber, String status, String substatus, Instant updatedAt) {
        String json = "{\"id\":\"ship_1234567890abcdef\",\"shipment_tracking_number\":\"" + trackingNumber
                + "\",\"shipment_courier\":\"" + carrier + "\",\"tracking_status\":\"" + status + "\",\"tracking_substatus\":"
                + (substatus == null ? "null" : "\"" + substatus + "\"") + ",\"updated_at\":\"" + updatedAt + "\"}";
        return RawTrackingEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setSource(EventSource.SYNC)
                .setProvider("courier-sync")
                .setCarrier(carrier)
                .setTrackingNumber(trackingNumber)
                .setCarrierStatusCode(status)
                .setCarrierSubstatus(substatus)
                .setCarrierStatusText(null)
                .setEventTime(updatedAt)
                .setReceivedTime(updatedAt.plusSeconds(30))
                .setLocation(Location.newBuilder().setCity("Athens").setCountryCode("GR").build())
                .setCarrierName(null)
                .setProviderReference("ship_1234567890abcdef")
                .setTrackingUrl(null)
                .setLabelUrl(null)
                .setExpectedDelivery(Instant.parse("2024-01-20T18:00:00Z"))
                .setDeliveredAt(null)
                .setChildParcels(List.of())
                .setAttributes(Map.of("verification_status", "verified"))
                .setRawContentType("application/json")
                .setRawPayload(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }

    public static ShipmentRegistration.Builder registration(String shipmentId, String carrier, String provider, String... trackingNumbers) {
        return ShipmentRegistration.newBuilder()
                .setTenant("store-athens")
                .setShipmentId(shipmentId)
                .setOrderId("6640c1b2d4e5f60102030406")
                .setPartnerOrderReference("PO-" + shipmentId)
                .setSalesChannel("web")
                .setCarrier(carrier)
                .setCarrierName(carrier.equals("elta") ? "ELTA Courier" : carrier.toUpperCase())
                .setProvider(provider)
                .setProviderReference(provider.equals("shiplemon") ? SHIPLEMON_SHIPMENT : "ship_1234567890abcdef")
                .setCarrierAccount(null)
                .setPolled(true)
                .setParcels(java.util.Arrays.stream(trackingNumbers)
                        .map(tn -> RegisteredParcel.newBuilder().setTrackingNumber(tn).setCarrier(null)
                                .setLabelId("label-" + tn).setLabelUrl(null).build())
                        .toList())
                .setTrackingUrl("https://track.example.com/" + shipmentId)
                .setIsReturn(false)
                .setRegisteredAt(Instant.parse("2024-07-12T14:00:00Z"))
                .setUpdatedAt(Instant.parse("2024-07-12T14:00:00Z"))
                .setAttributes(Map.of("ShopId", "8", "CarrierAccountId", "9"));
    }
}
