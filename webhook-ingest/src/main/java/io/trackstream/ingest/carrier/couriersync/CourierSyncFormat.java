package io.trackstream.ingest.carrier.couriersync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.trackstream.contract.CarrierTimes;
import io.trackstream.ingest.carrier.CarrierCodes;
import io.trackstream.ingest.carrier.FieldPaths;
import io.trackstream.ingest.carrier.ParcelReport;
import io.trackstream.ingest.carrier.ParcelReport.CarrierEvent;
import io.trackstream.ingest.carrier.ParcelReport.EventLocation;
import io.trackstream.ingest.carrier.WebhookFormat;
import io.trackstream.ingest.payload.InvalidPayloadException;
import io.trackstream.ingest.payload.JsonField;

/**
 * The courier-sync aggregator's tracking webhook, AfterShip-style: {@code {"event":"tracking_update","msg":{…}}} with
 * {@code slug}, {@code tracking_number}, the current {@code tag}/{@code subtag} (courier-sync's statuses,
 * {@code delivered}/{@code delivered_001}) and {@code checkpoints[]}. Each checkpoint becomes a raw event; a tracking
 * without checkpoints yet becomes one event from its current tag at {@code updated_at}.
 */
public class CourierSyncFormat implements WebhookFormat {

    public static final String PROVIDER = "courier-sync";

    private final CarrierTimes times;

    public CourierSyncFormat(CarrierTimes times) {
        this.times = times;
    }

    /** With the default carrier zones. */
    public CourierSyncFormat() {
        this(CarrierTimes.defaults());
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public String eventsField() {
        return "msg.checkpoints";
    }

    @Override
    public ParcelReport read(JsonField root) {
        JsonField msg = root.field("msg").requiredObject();
        String carrier = CarrierCodes.normalize(msg.field("slug").requiredText(), msg.field("slug").path());
        String trackingNumber = msg.field("tracking_number").requiredText();
        try {
            return new ParcelReport(PROVIDER, carrier,
                    msg.field("courier_name").optionalNonBlankText(),
                    trackingNumber,
                    msg.field("id").optionalNonBlankText(),
                    msg.field("courier_tracking_link").optionalNonBlankText(),
                    null,
                    msg.field("expected_delivery").optionalTime(times, carrier),
                    msg.field("shipment_delivery_date").optionalTime(times, carrier),
                    List.of(),
                    attributes(root, msg),
                    events(msg, carrier),
                    FieldPaths.of("carrier", msg.field("slug"), "trackingNumber", msg.field("tracking_number"),
                            "carrierName", msg.field("courier_name"), "providerReference", msg.field("id"),
                            "trackingUrl", msg.field("courier_tracking_link")));
        } catch (InvalidPayloadException e) {
            throw e.aboutParcel(carrier, trackingNumber);
        }
    }

    private List<CarrierEvent> events(JsonField msg, String carrier) {
        List<CarrierEvent> events = new ArrayList<>();
        for (JsonField checkpoint : msg.field("checkpoints").optionalArray()) {
            checkpoint.requiredObject();
            events.add(new CarrierEvent(
                    checkpoint.field("tag").requiredText(),
                    checkpoint.field("subtag").optionalNonBlankText(),
                    checkpoint.field("message").optionalText(),
                    checkpoint.field("checkpoint_time").requiredTime(times, carrier),
                    location(checkpoint),
                    FieldPaths.of("carrierStatusCode", checkpoint.field("tag"), "carrierSubstatus", checkpoint.field("subtag"),
                            "carrierStatusText", checkpoint.field("message"), "eventTime", checkpoint.field("checkpoint_time"),
                            "location.description", checkpoint.field("location"), "location.city", checkpoint.field("city"),
                            "location.postalCode", checkpoint.field("zip"), "location.countryCode", checkpoint.field("country_iso2"))));
        }
        if (events.isEmpty()) {
            events.add(new CarrierEvent(
                    msg.field("tag").requiredText(),
                    msg.field("subtag").optionalNonBlankText(),
                    msg.field("subtag_message").optionalText(),
                    msg.field("updated_at").requiredTime(times, carrier),
                    null,
                    FieldPaths.of("carrierStatusCode", msg.field("tag"), "carrierSubstatus", msg.field("subtag"),
                            "carrierStatusText", msg.field("subtag_message"), "eventTime", msg.field("updated_at"))));
        }
        return events;
    }

    private static EventLocation location(JsonField checkpoint) {
        String country = checkpoint.field("country_iso2").optionalNonBlankText();
        if (country == null) {
            String region = checkpoint.field("country_region").optionalNonBlankText();
            country = region != null && region.length() == 2 ? region : null;
        }
        EventLocation location = new EventLocation(
                checkpoint.field("location").optionalNonBlankText(),
                checkpoint.field("city").optionalNonBlankText(),
                checkpoint.field("zip").optionalNonBlankText(),
                country);
        return location.isEmpty() ? null : location;
    }

    private static Map<String, String> attributes(JsonField root, JsonField msg) {
        Map<String, String> attributes = new LinkedHashMap<>();
        put(attributes, "webhook_event", root.field("event").optionalNonBlankText());
        put(attributes, "webhook_event_id", root.field("event_id").optionalNonBlankText());
        put(attributes, "tag", msg.field("tag").optionalNonBlankText());
        put(attributes, "subtag", msg.field("subtag").optionalNonBlankText());
        put(attributes, "verification_status", msg.field("verification_status").optionalNonBlankText());
        return attributes;
    }

    private static void put(Map<String, String> attributes, String name, String value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }
}
