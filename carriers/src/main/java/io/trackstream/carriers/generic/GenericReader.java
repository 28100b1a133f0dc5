package io.trackstream.carriers.generic;

import java.util.ArrayList;
import java.util.List;

import io.trackstream.carriers.Attributes;
import io.trackstream.carriers.CarrierCodes;
import io.trackstream.carriers.FieldPaths;
import io.trackstream.carriers.KnownShipment;
import io.trackstream.carriers.ParcelReport;
import io.trackstream.carriers.ParcelReport.CarrierEvent;
import io.trackstream.carriers.ParcelReport.ChildVoucher;
import io.trackstream.carriers.ParcelReport.EventLocation;
import io.trackstream.carriers.PayloadReader;
import io.trackstream.carriers.TrackingEntries;
import io.trackstream.carriers.json.InvalidPayloadException;
import io.trackstream.carriers.json.JsonField;
import io.trackstream.contract.CarrierTimes;

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
public class GenericReader extends PayloadReader {

    public static final String PROVIDER = "generic";

    public GenericReader(CarrierTimes times) {
        super(PROVIDER, "events", times);
    }

    /** With the default carrier zones. */
    public GenericReader() {
        this(CarrierTimes.defaults());
    }

    @Override
    public ParcelReport read(JsonField root, KnownShipment known) {
        String carrier = CarrierCodes.normalize(root.field("carrier").requiredText(), "carrier");
        String trackingNumber = root.field("trackingNumber").requiredText();
        try {
            TrackingEntries entries = events(root.field("events"), carrier);
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
                    entries.events(),
                    entries.refused(),
                    FieldPaths.of("carrier", root.field("carrier"), "trackingNumber", root.field("trackingNumber"),
                            "carrierName", root.field("carrierName"), "providerReference", root.field("providerReference"),
                            "trackingUrl", root.field("trackingUrl"), "labelUrl", root.field("labelUrl"),
                            "attributes", root.field("attributes"), "childParcels", root.field("childParcels"),
                            "events", root.field("events")));
        } catch (InvalidPayloadException e) {
            throw e.aboutParcel(carrier, trackingNumber);
        }
    }

    private TrackingEntries events(JsonField events, String carrier) {
        TrackingEntries entries = new TrackingEntries();
        for (JsonField event : events.requiredArray()) {
            entries.read(event, event.field("code"), e -> new CarrierEvent(
                    e.requiredObject().field("code").requiredText(),
                    e.field("substatus").optionalNonBlankText(),
                    e.field("text").optionalText(),
                    e.field("time").requiredTime(times, carrier),
                    location(e.field("location")),
                    e.path(),
                    FieldPaths.of("carrierStatusCode", e.field("code"), "carrierSubstatus", e.field("substatus"),
                            "carrierStatusText", e.field("text"), "eventTime", e.field("time"),
                            "location", e.field("location"), "location.description", e.field("location").field("description"),
                            "location.city", e.field("location").field("city"),
                            "location.postalCode", e.field("location").field("postalCode"),
                            "location.countryCode", e.field("location").field("countryCode"))));
        }
        return entries;
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
