package io.trackstream.carriers.salesive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.trackstream.carriers.Attributes;
import io.trackstream.carriers.CarrierCodes;
import io.trackstream.carriers.FieldPaths;
import io.trackstream.carriers.KnownShipment;
import io.trackstream.carriers.ParcelReport;
import io.trackstream.carriers.ParcelReport.CarrierEvent;
import io.trackstream.carriers.PayloadReader;
import io.trackstream.carriers.TrackingEntries;
import io.trackstream.carriers.json.InvalidPayloadException;
import io.trackstream.carriers.json.JsonField;
import io.trackstream.contract.CarrierTimes;
import io.trackstream.contract.ParcelKey;

/**
 * Salesive's {@code GET /shipping/shipments/sync} answer (its {status, success, message, data} envelope). It reports one
 * current status, so one event per answer, dated by the shipment's {@code updatedAt}; no status yet is no event. Its
 * {@code carrier} is a display name (DHL Express): the parcel keeps the carrier registered for that tracking number,
 * and only a parcel nobody registered gets a carrier derived from the name ({@code dhl-express}); the name goes to
 * carrierName.
 */
public class SalesiveReader extends PayloadReader {

    public static final String PROVIDER = "salesive";

    public SalesiveReader(CarrierTimes times) {
        super(PROVIDER, "data.status", times);
    }

    /** With the default carrier zones. */
    public SalesiveReader() {
        this(CarrierTimes.defaults());
    }

    @Override
    public ParcelReport read(JsonField root, KnownShipment known) {
        if (Boolean.FALSE.equals(root.field("success").optionalBoolean())) {
            throw InvalidPayloadException.invalid("success", "is false: " + root.field("message").optionalScalarText());
        }
        JsonField data = root.field("data").requiredObject();
        JsonField label = data.field("metadata").optionalObject().field("label_details").optionalObject();
        String carrierName = data.field("carrier").optionalNonBlankText();
        ParcelKey parcel = parcel(data, carrierName, known);
        try {
            JsonField status = data.field("status").optionalNonBlankText() != null ? data.field("status") : label.field("status");
            TrackingEntries entries = new TrackingEntries();
            if (status.optionalNonBlankText() != null) {
                entries.read(data, status, d -> new CarrierEvent(status.requiredText(), null, null,
                        d.field("updatedAt").requiredTime(times, parcel.carrier()), null, d.path(),
                        FieldPaths.of("carrierStatusCode", status, "eventTime", d.field("updatedAt"))));
            }
            JsonField trackingUrl = data.field("trackingUrl").optionalNonBlankText() != null ? data.field("trackingUrl") : label.field("tracking_url");
            return new ParcelReport(PROVIDER, parcel.carrier(), carrierName, parcel.trackingNumber(),
                    data.field("_id").optionalNonBlankText(), trackingUrl.optionalNonBlankText(), null, null, null, List.of(),
                    attributes(data, label), entries.events(), entries.refused(),
                    FieldPaths.of("trackingNumber", data.field("trackingNumber"), "carrierName", data.field("carrier"),
                            "providerReference", data.field("_id"), "trackingUrl", trackingUrl, "events", status));
        } catch (InvalidPayloadException e) {
            throw e.aboutParcel(parcel.carrier(), parcel.trackingNumber());
        }
    }

    private static ParcelKey parcel(JsonField data, String carrierName, KnownShipment known) {
        String trackingNumber = JsonField.firstText(data.field("trackingNumber"), data.field("trackingCode"));
        ParcelKey only = known.onlyParcel();
        if (trackingNumber == null && only != null) {
            return only;
        }
        if (trackingNumber == null) {
            throw InvalidPayloadException.missing(data.field("trackingNumber").path());
        }
        String carrier = known.carrierOf(trackingNumber);
        if (carrier == null && carrierName != null) {
            carrier = slug(carrierName);
        }
        if (carrier == null && only != null) {
            carrier = only.carrier();
        }
        if (carrier == null) {
            throw InvalidPayloadException.missing(data.field("carrier").path());
        }
        return ParcelKey.of(CarrierCodes.normalize(carrier, data.field("carrier").path()), trackingNumber);
    }

    /** DHL Express -> dhl-express: a stable lower-case id for a carrier we only know by its display name. */
    static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? null : slug;
    }

    private static Map<String, String> attributes(JsonField data, JsonField label) {
        Attributes attributes = new Attributes();
        attributes.put("labelStatus", label.field("status").optionalScalarText());
        attributes.put("labelOrderId", label.field("order_id").optionalScalarText());
        attributes.put("trackingCode", data.field("trackingCode").optionalScalarText());
        attributes.put("shippingMethod", data.field("shippingMethod").optionalScalarText());
        List<String> orders = new ArrayList<>();
        data.field("orders").optionalArray().forEach(o -> orders.add(o.optionalScalarText()));
        if (!orders.isEmpty()) {
            attributes.put("orders", String.join(",", orders));
        }
        return attributes.toMap();
    }
}
