package io.trackstream.carriers.carriyo;

import java.util.List;
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

/**
 * Carriyo's shipment webhook (the shipment object it also sends to {@code /orders/shipment-status-update}): one
 * event per webhook, the shipment's latest status. {@code post_shipping_info.status} is Carriyo's normalised status
 * (the code mapped downstream); the carrier's own status and text ride along as substatus and text. The order it
 * belongs to, {@code references.partner_order_reference}, is kept as an attribute.
 */
public class CarriyoReader extends PayloadReader {

    public static final String PROVIDER = "carriyo";

    public CarriyoReader(CarrierTimes times) {
        super(PROVIDER, "post_shipping_info", times);
    }

    /** With the default carrier zones. */
    public CarriyoReader() {
        this(CarrierTimes.defaults());
    }

    @Override
    public ParcelReport read(JsonField root, KnownShipment known) {
        JsonField info = root.field("post_shipping_info").requiredObject();
        JsonField account = root.field("carrier_account").optionalObject();
        String carrierText = account.field("carrier").optionalNonBlankText();
        String carrier = carrierText != null
                ? CarrierCodes.normalize(carrierText, account.field("carrier").path())
                : CarrierCodes.normalize(root.field("carrier").requiredText(), root.field("carrier").path());
        JsonField trackingField = info.field("tracking_no").present() ? info.field("tracking_no") : info.field("tracking_number");
        if (!trackingField.present()) {
            throw InvalidPayloadException.missing(info.field("tracking_no").path());
        }
        String trackingNumber = trackingField.requiredText();
        try {
            JsonField references = root.field("references").optionalObject();
            // the shipment's own update_date when post_shipping_info has none; a refusal names post_shipping_info's
            JsonField eventTime = !info.field("update_date").present() && root.field("update_date").present()
                    ? root.field("update_date") : info.field("update_date");
            TrackingEntries entries = new TrackingEntries();
            entries.read(info, info.field("status"), i -> new CarrierEvent(
                    i.field("status").requiredText(),
                    i.field("carrier_status").optionalNonBlankText(),
                    i.field("carrier_status_description").optionalText(),
                    eventTime.requiredTime(times, carrier),
                    null,
                    i.path(),
                    FieldPaths.of("carrierStatusCode", i.field("status"), "carrierSubstatus", i.field("carrier_status"),
                            "carrierStatusText", i.field("carrier_status_description"), "eventTime", eventTime)));
            return new ParcelReport(PROVIDER, carrier,
                    account.field("carrier_account_name").optionalNonBlankText(),
                    trackingNumber,
                    root.field("shipment_id").optionalNonBlankText(),
                    info.field("tracking_url").optionalNonBlankText(),
                    info.field("shipping_label").optionalNonBlankText(),
                    info.field("promised_delivery_date").optionalTime(times, carrier),
                    info.field("delivery_date").optionalTime(times, carrier),
                    List.of(),
                    attributes(root, references),
                    entries.events(),
                    entries.refused(),
                    FieldPaths.of("carrier", carrierText != null ? account.field("carrier") : root.field("carrier"),
                            "trackingNumber", trackingField, "carrierName", account.field("carrier_account_name"),
                            "providerReference", root.field("shipment_id"), "trackingUrl", info.field("tracking_url"),
                            "labelUrl", info.field("shipping_label"), "attributes", references, "events", info));
        } catch (InvalidPayloadException e) {
            throw e.aboutParcel(carrier, trackingNumber);
        }
    }

    private static Map<String, String> attributes(JsonField root, JsonField references) {
        Attributes attributes = new Attributes();
        attributes.put("partner_order_reference", references.field("partner_order_reference").optionalNonBlankText());
        attributes.put("partner_shipment_reference", references.field("partner_shipment_reference").optionalNonBlankText());
        attributes.put("merchant", root.field("merchant").optionalNonBlankText());
        attributes.put("sales_channel", root.field("sales_channel").optionalNonBlankText());
        return attributes.toMap();
    }
}
