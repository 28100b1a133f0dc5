package io.trackstream.ingest.carrier.generic;

import java.util.ArrayList;
import java.util.List;

import io.trackstream.contract.CarrierTimes;
import io.trackstream.ingest.carrier.CarrierCodes;
import io.trackstream.ingest.carrier.FieldPaths;
import io.trackstream.ingest.carrier.ParcelReport;
import io.trackstream.ingest.carrier.ParcelReport.CarrierEvent;
import io.trackstream.ingest.carrier.ParcelReport.ChildVoucher;
import io.trackstream.ingest.carrier.ParcelReport.EventLocation;
import io.trackstream.ingest.carrier.WebhookFormat;
import io.trackstream.ingest.payload.InvalidPayloadException;
import io.trackstream.ingest.payload.JsonField;

/**
 * trackstream's own webhook format, for carriers without an adapter (documented in docs/webhook-ingest.md):
 * <pre>
 * {"carrier": "elta", "trackingNumber": "ZU500011420GR", "carrierName": "ELTA Courier", "trackingUrl": "…",
 *  "labelUrl": "…", "expectedDelivery": "…", "deliveredAt": "…", "attributes": {"k": "v"},
 *  "events": [{"code": "DELIVERED", "substatus": null, "text": "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ",
 *              "time": "2024-07-15T10:02:00Z", "location": {"description": "…", "city": "…", "postalCode": "…",
 *              "countryCode": "GR"}}]}
 * </pre>
 * {@code location} may also be a plain string (its description).
 */
public class GenericFormat implements WebhookFormat {

    public static final String PROVIDER = "generic";

    private final CarrierTimes times;

    public GenericFormat(CarrierTimes times) {
        this.times = times;
    }

    /** With the default carrier zones. */
    public GenericFormat() {
        this(CarrierTimes.defaults());
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public String eventsField() {
        return "events";
    }

    @Override
    public ParcelReport read(JsonField root) {
        String carrier = CarrierCodes.normalize(root.field("carrier").requiredText(), "carrier");
        String trackingNumber = root.field("trackingNumber").requiredText();
        try {
            return new ParcelReport(PROVIDER, carrier,
                    root.field("carrierName").optionalNonBlankText(),
                    trackingNumber,
                    root.field("providerReference").optionalNonBlankText(),
                    root.field("trackingUrl").optionalNonBlankText(),
                    root.field("labelUrl").optionalNonBlankText(),
                    root.field("expectedDelivery").optionalTime(times, carrier),
                    root.field("deliveredAt").optionalTime(times, carrier),
                    children(root.field("childParcels")),
                    root.field("attributes").optionalStringMap(),
                    events(root.field("events"), carrier),
                    FieldPaths.of("carrier", root.field("carrier"), "trackingNumber", root.field("trackingNumber"),
                            "carrierName", root.field("carrierName"), "providerReference", root.field("providerReference"),
                            "trackingUrl", root.field("trackingUrl"), "labelUrl", root.field("labelUrl"),
                            "attributes", root.field("attributes"), "childParcels", root.field("childParcels")));
        } catch (InvalidPayloadException e) {
            throw e.aboutParcel(carrier, trackingNumber);
        }
    }

    private List<CarrierEvent> events(JsonField events, String carrier) {
        List<CarrierEvent> result = new ArrayList<>();
        for (JsonField event : events.requiredArray()) {
            event.requiredObject();
            result.add(new CarrierEvent(
                    event.field("code").requiredText(),
                    event.field("substatus").optionalNonBlankText(),
                    event.field("text").optionalText(),
                    event.field("time").requiredTime(times, carrier),
                    location(event.field("location")),
                    FieldPaths.of("carrierStatusCode", event.field("code"), "carrierSubstatus", event.field("substatus"),
                            "carrierStatusText", event.field("text"), "eventTime", event.field("time"),
                            "location", event.field("location"), "location.description", event.field("location").field("description"),
                            "location.city", event.field("location").field("city"),
                            "location.postalCode", event.field("location").field("postalCode"),
                            "location.countryCode", event.field("location").field("countryCode"))));
        }
        if (result.isEmpty()) {
            throw InvalidPayloadException.invalid(events.path(), "has no entries");
        }
        return result;
    }

    private static EventLocation location(JsonField location) {
        if (!location.present()) {
            return null;
        }
        if (location.node().isString()) {
            return new EventLocation(location.optionalNonBlankText(), null, null, null);
        }
        location.optionalObject();
        String country = location.field("countryCode").optionalNonBlankText();
        if (country != null && country.length() != 2) {
            throw InvalidPayloadException.invalid(location.field("countryCode").path(), "must be an ISO 3166-1 alpha-2 code");
        }
        EventLocation result = new EventLocation(
                location.field("description").optionalNonBlankText(),
                location.field("city").optionalNonBlankText(),
                location.field("postalCode").optionalNonBlankText(),
                country);
        return result.isEmpty() ? null : result;
    }

    private static List<ChildVoucher> children(JsonField children) {
        List<ChildVoucher> result = new ArrayList<>();
        for (JsonField child : children.optionalArray()) {
            child.requiredObject();
            result.add(new ChildVoucher(child.field("trackingNumber").requiredText(),
                    child.field("trackingUrl").optionalNonBlankText(), child.field("labelUrl").optionalNonBlankText()));
        }
        return result;
    }
}
