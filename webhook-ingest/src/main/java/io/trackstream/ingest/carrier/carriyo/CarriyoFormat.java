package io.trackstream.ingest.carrier.carriyo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.trackstream.contract.CarrierTimes;
import io.trackstream.ingest.carrier.CarrierCodes;
import io.trackstream.ingest.carrier.FieldPaths;
import io.trackstream.ingest.carrier.ParcelReport;
import io.trackstream.ingest.carrier.ParcelReport.CarrierEvent;
import io.trackstream.ingest.carrier.WebhookFormat;
import io.trackstream.ingest.payload.InvalidPayloadException;
import io.trackstream.ingest.payload.JsonField;

/**
 * Carriyo's shipment webhook (the shipment object it also sends to {@code /orders/shipment-status-update}): one
 * event per webhook, the shipment's latest status. {@code post_shipping_info.status} is Carriyo's normalised status
 * (the code mapped downstream); the carrier's own status and text ride along as substatus and text. The order it
 * belongs to, {@code references.partner_order_reference}, is kept as an attribute.
 */
public class CarriyoFormat implements WebhookFormat {

    public static final String PROVIDER = "carriyo";

    private final CarrierTimes times;

    public CarriyoFormat(CarrierTimes times) {
        this.times = times;
    }

    /** With the default carrier zones. */
    public CarriyoFormat() {
        this(CarrierTimes.defaults());
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public String eventsField() {
        return "post_shipping_info";
    }

    @Override
    public ParcelReport read(JsonField root) {
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
            JsonField eventTime = info.field("update_date").present() ? info.field("update_date") : root.field("update_date");
            if (!eventTime.present()) {
                throw InvalidPayloadException.missing(info.field("update_date").path());
            }
            CarrierEvent event = new CarrierEvent(
                    info.field("status").requiredText(),
                    info.field("carrier_status").optionalNonBlankText(),
                    info.field("carrier_status_description").optionalText(),
                    eventTime.requiredTime(times, carrier),
                    null,
                    FieldPaths.of("carrierStatusCode", info.field("status"), "carrierSubstatus", info.field("carrier_status"),
                            "carrierStatusText", info.field("carrier_status_description"), "eventTime", eventTime));
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
                    List.of(event),
                    FieldPaths.of("carrier", carrierText != null ? account.field("carrier") : root.field("carrier"),
                            "trackingNumber", trackingField, "carrierName", account.field("carrier_account_name"),
                            "providerReference", root.field("shipment_id"), "trackingUrl", info.field("tracking_url"),
                            "labelUrl", info.field("shipping_label"), "attributes", references));
        } catch (InvalidPayloadException e) {
            throw e.aboutParcel(carrier, trackingNumber);
        }
    }

    private static Map<String, String> attributes(JsonField root, JsonField references) {
        Map<String, String> attributes = new LinkedHashMap<>();
        put(attributes, "partner_order_reference", references.field("partner_order_reference").optionalNonBlankText());
        put(attributes, "partner_shipment_reference", references.field("partner_shipment_reference").optionalNonBlankText());
        put(attributes, "merchant", root.field("merchant").optionalNonBlankText());
        put(attributes, "sales_channel", root.field("sales_channel").optionalNonBlankText());
        return attributes;
    }

    private static void put(Map<String, String> attributes, String name, String value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }
}
