package io.trackstream.ingest.registration;

import static io.trackstream.contract.TrackingLimits.MAX_ATTRIBUTES;
import static io.trackstream.contract.TrackingLimits.MAX_ATTRIBUTE_KEY_BYTES;
import static io.trackstream.contract.TrackingLimits.MAX_ATTRIBUTE_VALUE_BYTES;
import static io.trackstream.contract.TrackingLimits.MAX_CARRIER_BYTES;
import static io.trackstream.contract.TrackingLimits.MAX_NAME_BYTES;
import static io.trackstream.contract.TrackingLimits.MAX_ORDER_ID_BYTES;
import static io.trackstream.contract.TrackingLimits.MAX_PARCELS_PER_SHIPMENT;
import static io.trackstream.contract.TrackingLimits.MAX_REFERENCE_BYTES;
import static io.trackstream.contract.TrackingLimits.MAX_SHIPMENT_ID_BYTES;
import static io.trackstream.contract.TrackingLimits.MAX_TRACKING_NUMBER_BYTES;
import static io.trackstream.contract.TrackingLimits.MAX_URL_BYTES;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.trackstream.avro.RejectionReason;
import io.trackstream.contract.ParcelKey;
import io.trackstream.contract.RawEventCheck;
import io.trackstream.contract.TrackingLimits;
import io.trackstream.carriers.CarrierCodes;
import io.trackstream.carriers.json.InvalidPayloadException;
import io.trackstream.carriers.json.JsonField;

/**
 * Reads and validates a registration body, naming the field at fault. A {@code tenant} in the body is refused rather
 * than ignored, so no caller believes it can choose one. Ids, tracking numbers, texts and the number of parcels are
 * held to the contract's bounds (TrackingLimits), the same the processor applies.
 */
public final class RegistrationReader {

    /** The provider ids of docs/conventions.md. */
    public static final Set<String> PROVIDERS = Set.of("shiplemon", "courier-sync", "salesive", "carriyo", "generic");

    private RegistrationReader() {
    }

    /** Providers whose tracking API takes their own shipment id (Shiplemon's id, courier-sync's ship_ id). */
    private static final java.util.Set<String> CALLED_BY_THEIR_OWN_ID = java.util.Set.of("shiplemon", "courier-sync");

    /** @param pathShipmentId the id from {@code PUT /shipments/{id}}, or null for {@code POST /shipments} */
    public static ShipmentRegistrationRequest read(JsonField root, String pathShipmentId) {
        if (root.field("tenant").present()) {
            throw InvalidPayloadException.invalid("tenant", "must not be sent: the tenant is the one your app token is bound to");
        }
        String shipmentId = within(shipmentId(root.field("shipmentId"), pathShipmentId), "shipmentId", MAX_SHIPMENT_ID_BYTES);
        String carrier = CarrierCodes.normalize(within(root.field("carrier").requiredText(), "carrier", MAX_CARRIER_BYTES), "carrier");
        String provider = root.field("provider").requiredText();
        if (!PROVIDERS.contains(provider)) {
            throw InvalidPayloadException.invalid("provider", "must be one of " + new java.util.TreeSet<>(PROVIDERS) + ", was \""
                    + (provider.length() > 40 ? provider.substring(0, 40) + "…" : provider) + "\"");
        }
        String providerReference = within(root.field("providerReference").optionalNonBlankText(), "providerReference", MAX_REFERENCE_BYTES);
        Boolean polled = root.field("polled").optionalBoolean();
        if ((polled == null || polled) && providerReference == null && CALLED_BY_THEIR_OWN_ID.contains(provider)) {
            // Both APIs take the provider's shipment id in the path; a tracking number there answers 404 on every cycle.
            throw InvalidPayloadException.invalid("providerReference", "is required to poll a " + provider
                    + " shipment: its API is called with the provider's own shipment id, not the tracking number");
        }
        return new ShipmentRegistrationRequest(
                shipmentId,
                within(root.field("orderId").requiredText(), "orderId", MAX_ORDER_ID_BYTES),
                within(root.field("partnerOrderReference").optionalNonBlankText(), "partnerOrderReference", MAX_REFERENCE_BYTES),
                within(root.field("salesChannel").optionalNonBlankText(), "salesChannel", MAX_NAME_BYTES),
                carrier,
                within(root.field("carrierName").optionalNonBlankText(), "carrierName", MAX_NAME_BYTES),
                provider,
                providerReference,
                within(root.field("carrierAccount").optionalNonBlankText(), "carrierAccount", MAX_NAME_BYTES),
                polled,
                parcels(root.field("parcels"), carrier),
                within(root.field("trackingUrl").optionalNonBlankText(), "trackingUrl", MAX_URL_BYTES),
                root.field("isReturn").optionalBoolean(),
                attributes(root.field("attributes")));
    }

    /** The contract's bound of a text field (TrackingLimits, UTF-8 bytes): over it, 400 naming the field. */
    private static String within(String value, String field, int maxBytes) {
        RawEventCheck.optionalText(field, value, maxBytes).ifPresent(v -> {
            throw InvalidPayloadException.invalid(field, "is " + TrackingLimits.utf8Length(value) + " bytes, over the limit of " + maxBytes);
        });
        return value;
    }

    private static Map<String, String> attributes(JsonField field) {
        Map<String, String> attributes = field.optionalStringMap();
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw InvalidPayloadException.invalid(field.path(), "has " + attributes.size() + " entries, over the limit of " + MAX_ATTRIBUTES);
        }
        attributes.forEach((name, value) -> {
            within(name, field.path(), MAX_ATTRIBUTE_KEY_BYTES);
            within(value, field.path() + "." + name, MAX_ATTRIBUTE_VALUE_BYTES);
        });
        return attributes;
    }

    private static String shipmentId(JsonField field, String pathShipmentId) {
        String inBody = field.optionalNonBlankText();
        if (pathShipmentId == null) {
            if (inBody == null) {
                throw InvalidPayloadException.missing(field.path());
            }
            return inBody;
        }
        if (inBody != null && !inBody.equals(pathShipmentId)) {
            throw InvalidPayloadException.invalid(field.path(), "is \"" + inBody + "\" but the path names shipment \"" + pathShipmentId + "\"");
        }
        return pathShipmentId;
    }

    private static List<ShipmentRegistrationRequest.Parcel> parcels(JsonField field, String shipmentCarrier) {
        List<ShipmentRegistrationRequest.Parcel> parcels = new ArrayList<>();
        Set<ParcelKey> seen = new HashSet<>();
        List<JsonField> items = field.requiredArray();
        if (items.size() > MAX_PARCELS_PER_SHIPMENT) {
            throw InvalidPayloadException.invalid(field.path(), "has " + items.size() + " parcels, over the limit of "
                    + MAX_PARCELS_PER_SHIPMENT + " per shipment");
        }
        for (JsonField item : items) {
            item.requiredObject();
            String trackingNumber = within(item.field("trackingNumber").requiredText(), item.field("trackingNumber").path(),
                    MAX_TRACKING_NUMBER_BYTES);
            String carrierText = within(item.field("carrier").optionalNonBlankText(), item.field("carrier").path(), MAX_CARRIER_BYTES);
            String carrier = carrierText == null ? null : CarrierCodes.normalize(carrierText, item.field("carrier").path());
            if (!seen.add(ParcelKey.of(carrier == null ? shipmentCarrier : carrier, trackingNumber))) {
                throw InvalidPayloadException.invalid(item.field("trackingNumber").path(), "repeats a parcel already listed");
            }
            parcels.add(new ShipmentRegistrationRequest.Parcel(trackingNumber.trim(), carrier,
                    within(item.field("labelId").optionalNonBlankText(), item.field("labelId").path(), MAX_REFERENCE_BYTES),
                    within(item.field("labelUrl").optionalNonBlankText(), item.field("labelUrl").path(), MAX_URL_BYTES)));
        }
        if (parcels.isEmpty()) {
            throw new InvalidPayloadException(RejectionReason.MISSING_FIELD, field.path(), "Field '" + field.path() + "' needs at least one parcel");
        }
        return parcels;
    }
}
