package io.trackstream.carriers.shiplemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.trackstream.carriers.Attributes;
import io.trackstream.carriers.CarrierCodes;
import io.trackstream.carriers.FieldPaths;
import io.trackstream.carriers.KnownShipment;
import io.trackstream.carriers.ParcelReport;
import io.trackstream.carriers.ParcelReport.CarrierEvent;
import io.trackstream.carriers.ParcelReport.ChildVoucher;
import io.trackstream.carriers.PayloadReader;
import io.trackstream.carriers.TrackingEntries;
import io.trackstream.carriers.json.InvalidPayloadException;
import io.trackstream.carriers.json.JsonField;
import io.trackstream.contract.CarrierTimes;
import io.trackstream.contract.ParcelKey;

/**
 * Shiplemon's shipment tracking, the body of its GET and PUT tracking (with or without the {@code {"status":"ok","data":…}}
 * envelope), polled or pushed. Shiplemon always sends the entire {@code tracking_history}; every entry becomes a raw
 * event and the processor dedupes.
 * <p>
 * The carrier is {@code driver}, else {@code carrier.code}: {@code driver} is in every Shiplemon shipment body of the
 * seed (the PUT answer has no {@code carrier} object), so one parcel gets one key whichever way its tracking arrives.
 * The parcel is {@code tracking_ref}. A poll fills in what the answer leaves out from what it asked about.
 */
public class ShiplemonReader extends PayloadReader {

    public static final String PROVIDER = "shiplemon";

    public ShiplemonReader(CarrierTimes times) {
        super(PROVIDER, "tracking_history", times);
    }

    /** With the default carrier zones. */
    public ShiplemonReader() {
        this(CarrierTimes.defaults());
    }

    @Override
    public ParcelReport read(JsonField root, KnownShipment known) {
        JsonField shipment = root.field("data").present() ? root.field("data").requiredObject() : root;
        JsonField carrierObject = shipment.field("carrier").optionalObject();
        JsonField carrierField = shipment.field("driver").optionalNonBlankText() != null ? shipment.field("driver") : carrierObject.field("code");
        String carrier = carrier(shipment, carrierField, known);
        String trackingNumber = trackingNumber(shipment, known);
        try {
            JsonField history = shipment.field("tracking_history");
            TrackingEntries entries = events(history, carrier);
            String id = shipment.field("id").optionalNonBlankText();
            return new ParcelReport(PROVIDER, carrier,
                    carrierObject.field("name").optionalNonBlankText(),
                    trackingNumber,
                    id != null ? id : known.reference(),
                    shipment.field("tracking_url").optionalNonBlankText(),
                    shipment.field("label_url").optionalNonBlankText(),
                    null,
                    shipment.field("delivered_at").optionalTime(times, carrier),
                    childVouchers(shipment.field("child_vouchers")),
                    attributes(shipment),
                    entries.events(),
                    entries.refused(),
                    FieldPaths.of("carrier", carrierField, "trackingNumber", shipment.field("tracking_ref"),
                            "carrierName", carrierObject.field("name"), "providerReference", shipment.field("id"),
                            "trackingUrl", shipment.field("tracking_url"), "labelUrl", shipment.field("label_url"),
                            "childParcels", shipment.field("child_vouchers"), "events", history));
        } catch (InvalidPayloadException e) {
            throw e.aboutParcel(carrier, trackingNumber);
        }
    }

    private static String carrier(JsonField shipment, JsonField carrierField, KnownShipment known) {
        String carrier = carrierField.optionalNonBlankText();
        if (carrier != null) {
            return CarrierCodes.normalize(carrier, carrierField.path());
        }
        ParcelKey parcel = known.onlyParcel();
        if (parcel == null) {
            throw InvalidPayloadException.missing(shipment.field("driver").path());
        }
        return parcel.carrier();
    }

    private static String trackingNumber(JsonField shipment, KnownShipment known) {
        JsonField ref = shipment.field("tracking_ref");
        ParcelKey parcel = known.onlyParcel();
        return ref.optionalNonBlankText() == null && parcel != null ? parcel.trackingNumber() : ref.requiredText();
    }

    private TrackingEntries events(JsonField history, String carrier) {
        TrackingEntries entries = new TrackingEntries();
        for (JsonField entry : history.requiredArray()) {
            entries.read(entry, entry.field("status"), e -> new CarrierEvent(
                    e.requiredObject().field("status").requiredText(),
                    e.field("status_exact").optionalNonBlankText(),
                    e.field("status_details").optionalText(),
                    e.field("status_date").requiredTime(times, carrier),
                    null,
                    e.path(),
                    FieldPaths.of("carrierStatusCode", e.field("status"), "carrierSubstatus", e.field("status_exact"),
                            "carrierStatusText", e.field("status_details"), "eventTime", e.field("status_date"))));
        }
        return entries;
    }

    private static List<ChildVoucher> childVouchers(JsonField vouchers) {
        List<ChildVoucher> children = new ArrayList<>();
        for (JsonField voucher : vouchers.optionalArray()) {
            voucher.requiredObject();
            children.add(new ChildVoucher(
                    voucher.field("tracking_ref").requiredText(),
                    voucher.field("tracking_url").optionalNonBlankText(),
                    voucher.field("label_url").optionalNonBlankText()));
        }
        return children;
    }

    /** Shiplemon's own field names; service.code and service.name flattened with an underscore. */
    private static Map<String, String> attributes(JsonField shipment) {
        JsonField service = shipment.field("service").optionalObject();
        Attributes attributes = new Attributes();
        attributes.put("service_code", service.field("code").optionalScalarText());
        attributes.put("service_name", service.field("name").optionalScalarText());
        attributes.put("estimated_delivery_in_days", service.field("estimated_delivery_in_days").optionalScalarText());
        attributes.put("country_from", shipment.field("country_from").optionalScalarText());
        attributes.put("country_to", shipment.field("country_to").optionalScalarText());
        attributes.put("tracking_status", shipment.field("tracking_status").optionalScalarText());
        attributes.put("partner_id", shipment.field("partner_id").optionalScalarText());
        attributes.put("tracking_history_last_updated_at", shipment.field("tracking_history_last_updated_at").optionalScalarText());
        return attributes.toMap();
    }
}
