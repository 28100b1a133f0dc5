package io.trackstream.ingest.registration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.trackstream.avro.RejectionReason;
import io.trackstream.contract.ParcelKey;
import io.trackstream.ingest.carrier.CarrierCodes;
import io.trackstream.ingest.payload.InvalidPayloadException;
import io.trackstream.ingest.payload.JsonField;

/**
 * Reads and validates a registration body, naming the field at fault. A {@code tenant} in the body is refused rather
 * than ignored, so no caller believes it can choose one.
 */
public final class RegistrationReader {

    /** The provider ids of docs/conventions.md. */
    public static final Set<String> PROVIDERS = Set.of("shiplemon", "courier-sync", "salesive", "carriyo", "generic");

    private RegistrationReader() {
    }

    /** @param pathShipmentId the id from {@code PUT /shipments/{id}}, or null for {@code POST /shipments} */
    public static ShipmentRegistrationRequest read(JsonField root, String pathShipmentId) {
        if (root.field("tenant").present()) {
            throw InvalidPayloadException.invalid("tenant", "must not be sent: the tenant is the one your app token is bound to");
        }
        String shipmentId = shipmentId(root.field("shipmentId"), pathShipmentId);
        String carrier = CarrierCodes.normalize(root.field("carrier").requiredText(), "carrier");
        String provider = root.field("provider").requiredText();
        if (!PROVIDERS.contains(provider)) {
            throw InvalidPayloadException.invalid("provider", "must be one of " + new java.util.TreeSet<>(PROVIDERS) + ", was \"" + provider + "\"");
        }
        return new ShipmentRegistrationRequest(
                shipmentId,
                root.field("orderId").requiredText(),
                root.field("partnerOrderReference").optionalNonBlankText(),
                root.field("salesChannel").optionalNonBlankText(),
                carrier,
                root.field("carrierName").optionalNonBlankText(),
                provider,
                root.field("providerReference").optionalNonBlankText(),
                root.field("carrierAccount").optionalNonBlankText(),
                root.field("polled").optionalBoolean(),
                parcels(root.field("parcels"), carrier),
                root.field("trackingUrl").optionalNonBlankText(),
                root.field("isReturn").optionalBoolean(),
                root.field("attributes").optionalStringMap());
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
        for (JsonField item : field.requiredArray()) {
            item.requiredObject();
            String trackingNumber = item.field("trackingNumber").requiredText();
            String carrierText = item.field("carrier").optionalNonBlankText();
            String carrier = carrierText == null ? null : CarrierCodes.normalize(carrierText, item.field("carrier").path());
            if (!seen.add(ParcelKey.of(carrier == null ? shipmentCarrier : carrier, trackingNumber))) {
                throw InvalidPayloadException.invalid(item.field("trackingNumber").path(), "repeats a parcel already listed");
            }
            parcels.add(new ShipmentRegistrationRequest.Parcel(trackingNumber.trim(), carrier,
                    item.field("labelId").optionalNonBlankText(), item.field("labelUrl").optionalNonBlankText()));
        }
        if (parcels.isEmpty()) {
            throw new InvalidPayloadException(RejectionReason.MISSING_FIELD, field.path(), "Field '" + field.path() + "' needs at least one parcel");
        }
        return parcels;
    }
}
