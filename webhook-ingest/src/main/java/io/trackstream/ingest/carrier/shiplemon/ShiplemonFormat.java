package io.trackstream.ingest.carrier.shiplemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.trackstream.contract.CarrierTimes;
import io.trackstream.ingest.carrier.CarrierCodes;
import io.trackstream.ingest.carrier.FieldPaths;
import io.trackstream.ingest.carrier.ParcelReport;
import io.trackstream.ingest.carrier.ParcelReport.CarrierEvent;
import io.trackstream.ingest.carrier.ParcelReport.ChildVoucher;
import io.trackstream.ingest.carrier.WebhookFormat;
import io.trackstream.ingest.payload.InvalidPayloadException;
import io.trackstream.ingest.payload.JsonField;

/**
 * Shiplemon's shipment tracking (the body of its PUT/GET tracking, with or without the {@code {"status":"ok","data":…}}
 * envelope). Shiplemon always sends the entire {@code tracking_history}; every entry becomes a raw event and the
 * processor dedupes. The carrier is {@code driver}, else {@code carrier.code}; the parcel is {@code tracking_ref}.
 */
public class ShiplemonFormat implements WebhookFormat {

    public static final String PROVIDER = "shiplemon";

    private final CarrierTimes times;

    public ShiplemonFormat(CarrierTimes times) {
        this.times = times;
    }

    /** With the default carrier zones. */
    public ShiplemonFormat() {
        this(CarrierTimes.defaults());
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public String eventsField() {
        return "tracking_history";
    }

    @Override
    public ParcelReport read(JsonField root) {
        JsonField shipment = root.field("data").present() ? root.field("data").requiredObject() : root;
        JsonField carrierObject = shipment.field("carrier").optionalObject();
        String driver = shipment.field("driver").optionalNonBlankText();
        String carrier = driver != null
                ? CarrierCodes.normalize(driver, shipment.field("driver").path())
                : CarrierCodes.normalize(requiredCarrierCode(shipment, carrierObject), carrierObject.field("code").path());
        String trackingNumber = shipment.field("tracking_ref").requiredText();
        try {
            return new ParcelReport(PROVIDER, carrier,
                    carrierObject.field("name").optionalNonBlankText(),
                    trackingNumber,
                    shipment.field("id").optionalNonBlankText(),
                    shipment.field("tracking_url").optionalNonBlankText(),
                    shipment.field("label_url").optionalNonBlankText(),
                    null,
                    shipment.field("delivered_at").optionalTime(times, carrier),
                    childVouchers(shipment.field("child_vouchers")),
                    attributes(shipment),
                    events(shipment.field("tracking_history"), carrier),
                    FieldPaths.of("carrier", driver != null ? shipment.field("driver") : carrierObject.field("code"),
                            "trackingNumber", shipment.field("tracking_ref"), "carrierName", carrierObject.field("name"),
                            "providerReference", shipment.field("id"), "trackingUrl", shipment.field("tracking_url"),
                            "labelUrl", shipment.field("label_url"), "childParcels", shipment.field("child_vouchers")));
        } catch (InvalidPayloadException e) {
            throw e.aboutParcel(carrier, trackingNumber);
        }
    }

    private static String requiredCarrierCode(JsonField shipment, JsonField carrierObject) {
        String code = carrierObject.field("code").optionalNonBlankText();
        if (code == null) {
            throw InvalidPayloadException.missing(shipment.field("driver").path());
        }
        return code;
    }

    private List<CarrierEvent> events(JsonField history, String carrier) {
        List<CarrierEvent> events = new ArrayList<>();
        for (JsonField entry : history.requiredArray()) {
            entry.requiredObject();
            events.add(new CarrierEvent(
                    entry.field("status").requiredText(),
                    entry.field("status_exact").optionalNonBlankText(),
                    entry.field("status_details").optionalText(),
                    entry.field("status_date").requiredTime(times, carrier),
                    null,
                    FieldPaths.of("carrierStatusCode", entry.field("status"), "carrierSubstatus", entry.field("status_exact"),
                            "carrierStatusText", entry.field("status_details"), "eventTime", entry.field("status_date"))));
        }
        if (events.isEmpty()) {
            throw InvalidPayloadException.invalid(history.path(), "has no entries; Shiplemon sends the whole history");
        }
        return events;
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

    private static Map<String, String> attributes(JsonField shipment) {
        Map<String, String> attributes = new LinkedHashMap<>();
        put(attributes, "service_code", shipment.field("service").optionalObject().field("code").optionalNonBlankText());
        put(attributes, "country_from", shipment.field("country_from").optionalNonBlankText());
        put(attributes, "country_to", shipment.field("country_to").optionalNonBlankText());
        put(attributes, "tracking_status", shipment.field("tracking_status").optionalNonBlankText());
        put(attributes, "partner_id", shipment.field("partner_id").optionalNonBlankText());
        return attributes;
    }

    private static void put(Map<String, String> attributes, String name, String value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }
}
