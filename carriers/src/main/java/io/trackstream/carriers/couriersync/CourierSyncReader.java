package io.trackstream.carriers.couriersync;

import java.util.List;
import java.util.Map;

import io.trackstream.carriers.Attributes;
import io.trackstream.carriers.CarrierCodes;
import io.trackstream.carriers.FieldPaths;
import io.trackstream.carriers.KnownShipment;
import io.trackstream.carriers.ParcelReport;
import io.trackstream.carriers.ParcelReport.CarrierEvent;
import io.trackstream.carriers.ParcelReport.EventLocation;
import io.trackstream.carriers.PayloadReader;
import io.trackstream.carriers.TrackingEntries;
import io.trackstream.carriers.json.InvalidPayloadException;
import io.trackstream.carriers.json.JsonField;
import io.trackstream.contract.CarrierTimes;
import io.trackstream.contract.ParcelKey;

/**
 * The courier-sync aggregator, in its two shapes:
 * <ul>
 * <li>the shipment its {@code POST /shipments/{id}/sync} answers (the seed): {@code shipment_courier} is the carrier,
 * {@code shipment_tracking_number} the parcel, and the current {@code tracking_status}/{@code tracking_substatus}
 * one event dated by {@code updated_at}; a null tracking_status (no courier news yet) is no event;</li>
 * <li>its AfterShip-style tracking webhook {@code {"event":"tracking_update","msg":{…}}}: {@code msg.slug} is the
 * carrier, {@code msg.tracking_number} the parcel, each {@code msg.checkpoints[]} entry one event; a tracking without
 * checkpoints yet is one event from its current tag at {@code updated_at}.</li>
 * </ul>
 * Codes are courier-sync's own ({@code delivered}/{@code delivered_001}) in both.
 */
public class CourierSyncReader extends PayloadReader {

    public static final String PROVIDER = "courier-sync";

    public CourierSyncReader(CarrierTimes times) {
        super(PROVIDER, "msg.checkpoints", times);
    }

    /** With the default carrier zones. */
    public CourierSyncReader() {
        this(CarrierTimes.defaults());
    }

    @Override
    public ParcelReport read(JsonField root, KnownShipment known) {
        boolean syncAnswer = !root.field("msg").present()
                && (root.node().has("shipment_tracking_number") || root.node().has("tracking_status"));
        return syncAnswer ? readShipment(root, known) : readWebhook(root);
    }

    private ParcelReport readShipment(JsonField root, KnownShipment known) {
        JsonField trackingField = root.field("shipment_tracking_number");
        ParcelKey only = known.onlyParcel();
        String trackingNumber = trackingField.optionalNonBlankText() == null && only != null ? only.trackingNumber() : trackingField.requiredText();
        JsonField courier = root.field("shipment_courier");
        String carrier = courier.optionalNonBlankText() != null ? CarrierCodes.normalize(courier.optionalNonBlankText(), courier.path())
                : known.carrierOf(trackingNumber);
        if (carrier == null) {
            throw InvalidPayloadException.missing(courier.path());
        }
        try {
            TrackingEntries entries = new TrackingEntries();
            if (root.field("tracking_status").optionalNonBlankText() != null) {
                entries.read(root, root.field("tracking_status"), r -> new CarrierEvent(
                        r.field("tracking_status").requiredText(),
                        r.field("tracking_substatus").optionalNonBlankText(),
                        null,
                        r.field("updated_at").requiredTime(times, carrier),
                        null,
                        r.path(),
                        FieldPaths.of("carrierStatusCode", r.field("tracking_status"), "carrierSubstatus", r.field("tracking_substatus"),
                                "eventTime", r.field("updated_at"))));
            }
            String id = root.field("id").optionalNonBlankText();
            Attributes attributes = new Attributes();
            attributes.put("verification_status", root.field("verification_status").optionalScalarText());
            attributes.put("fulfillment_method", root.field("fulfillment_method").optionalScalarText());
            attributes.put("merchant_invoice_id", root.field("merchant_invoice_id").optionalScalarText());
            attributes.put("created_at", root.field("created_at").optionalScalarText());
            return new ParcelReport(PROVIDER, carrier, null, trackingNumber, id != null ? id : known.reference(), null, null,
                    root.field("expected_delivery").optionalTime(times, carrier), null, List.of(), attributes.toMap(),
                    entries.events(), entries.refused(),
                    FieldPaths.of("carrier", courier, "trackingNumber", trackingField, "providerReference", root.field("id"),
                            "events", root.field("tracking_status")));
        } catch (InvalidPayloadException e) {
            throw e.aboutParcel(carrier, trackingNumber);
        }
    }

    private ParcelReport readWebhook(JsonField root) {
        JsonField msg = root.field("msg").requiredObject();
        String carrier = CarrierCodes.normalize(msg.field("slug").requiredText(), msg.field("slug").path());
        String trackingNumber = msg.field("tracking_number").requiredText();
        try {
            TrackingEntries entries = checkpoints(msg, carrier);
            return new ParcelReport(PROVIDER, carrier,
                    msg.field("courier_name").optionalNonBlankText(),
                    trackingNumber,
                    msg.field("id").optionalNonBlankText(),
                    msg.field("courier_tracking_link").optionalNonBlankText(),
                    null,
                    msg.field("expected_delivery").optionalTime(times, carrier),
                    msg.field("shipment_delivery_date").optionalTime(times, carrier),
                    List.of(),
                    webhookAttributes(root, msg),
                    entries.events(),
                    entries.refused(),
                    FieldPaths.of("carrier", msg.field("slug"), "trackingNumber", msg.field("tracking_number"),
                            "carrierName", msg.field("courier_name"), "providerReference", msg.field("id"),
                            "trackingUrl", msg.field("courier_tracking_link"), "events", msg.field("checkpoints")));
        } catch (InvalidPayloadException e) {
            throw e.aboutParcel(carrier, trackingNumber);
        }
    }

    private TrackingEntries checkpoints(JsonField msg, String carrier) {
        TrackingEntries entries = new TrackingEntries();
        for (JsonField checkpoint : msg.field("checkpoints").optionalArray()) {
            entries.read(checkpoint, checkpoint.field("tag"), c -> new CarrierEvent(
                    c.requiredObject().field("tag").requiredText(),
                    c.field("subtag").optionalNonBlankText(),
                    c.field("message").optionalText(),
                    c.field("checkpoint_time").requiredTime(times, carrier),
                    location(c),
                    c.path(),
                    FieldPaths.of("carrierStatusCode", c.field("tag"), "carrierSubstatus", c.field("subtag"),
                            "carrierStatusText", c.field("message"), "eventTime", c.field("checkpoint_time"),
                            "location.description", c.field("location"), "location.city", c.field("city"),
                            "location.postalCode", c.field("zip"), "location.countryCode", c.field("country_iso2"))));
        }
        if (entries.isEmpty()) {
            entries.read(msg, msg.field("tag"), m -> new CarrierEvent(
                    m.field("tag").requiredText(),
                    m.field("subtag").optionalNonBlankText(),
                    m.field("subtag_message").optionalText(),
                    m.field("updated_at").requiredTime(times, carrier),
                    null,
                    m.path(),
                    FieldPaths.of("carrierStatusCode", m.field("tag"), "carrierSubstatus", m.field("subtag"),
                            "carrierStatusText", m.field("subtag_message"), "eventTime", m.field("updated_at"))));
        }
        return entries;
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

    private static Map<String, String> webhookAttributes(JsonField root, JsonField msg) {
        Attributes attributes = new Attributes();
        attributes.put("webhook_event", root.field("event").optionalNonBlankText());
        attributes.put("webhook_event_id", root.field("event_id").optionalNonBlankText());
        attributes.put("tag", msg.field("tag").optionalNonBlankText());
        attributes.put("subtag", msg.field("subtag").optionalNonBlankText());
        attributes.put("verification_status", msg.field("verification_status").optionalNonBlankText());
        return attributes.toMap();
    }
}
