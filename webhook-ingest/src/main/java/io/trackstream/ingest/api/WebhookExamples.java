package io.trackstream.ingest.api;

/** Example bodies shown in the OpenAPI document, shaped like the seeds (texts verbatim, Greek included). */
final class WebhookExamples {

    private WebhookExamples() {
    }

    static final String SHIPLEMON = """
            {"status": "ok", "data": {"id": "be96511d-ba23-4268-bd8b-48c9cf930222", "driver": "elta",
              "carrier": {"code": "elta", "name": "ELTA Courier"},
              "tracking_ref": "ZU500011420GR", "tracking_url": "https://www.elta-courier.gr/search?br=ZU500011420GR",
              "tracking_status": "DELIVERED",
              "tracking_history": [
                {"status": "DELIVERED", "status_exact": null, "status_date": "2024-07-15T10:02:00.000Z",
                 "status_details": "ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ"},
                {"status": "TRANSIT", "status_exact": "WITH_COURIER", "status_date": "2024-07-15T09:45:00.000Z",
                 "status_details": "ΠΡΟΣ ΠΑΡΑΔΟΣΗ"}],
              "label_url": "https://static.shiplemon.com/labels/elta/ZU500011420GR.pdf",
              "child_vouchers": [{"tracking_ref": "2338891501", "tracking_url": "",
                "label_url": "https://static.shiplemon.com/sandbox/labels/boxnow/2338891501.pdf"}]}}
            """;

    static final String COURIER_SYNC = """
            {"event": "tracking_update", "event_id": "evt_01J2X", "msg": {"id": "ship_1234567890abcdef", "slug": "ups",
              "tracking_number": "1Z123E45678901234", "tag": "delivered", "subtag": "delivered_001",
              "expected_delivery": "2024-01-20T18:00:00Z", "verification_status": "verified",
              "checkpoints": [
                {"checkpoint_time": "2024-01-15T10:30:00Z", "tag": "in_transit", "subtag": "in_transit_001",
                 "message": "Departed from facility", "location": "Athens, GR", "city": "Athens", "country_iso2": "GR"},
                {"checkpoint_time": "2024-01-16T14:45:00+02:00", "tag": "delivered", "subtag": "delivered_001",
                 "message": "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ", "location": "ΑΘΗΝΑ"}]}}
            """;

    static final String CARRIYO = """
            {"shipment_id": "CARR-5K2M9", "references": {"partner_order_reference": "ORD-2024-1001",
              "partner_shipment_reference": "SHP-1001"},
              "carrier_account": {"carrier": "ARAMEX", "carrier_account_name": "Aramex GR"},
              "post_shipping_info": {"status": "delivered", "tracking_no": "3456789012",
                "tracking_url": "https://track.example.com/3456789012", "carrier_status": "SH005",
                "carrier_status_description": "ΠΑΡΑΔΟΘΗΚΕ", "update_date": "2024-07-15T10:02:00Z"}}
            """;

    static final String GENERIC = """
            {"carrier": "elta", "trackingNumber": "ZU500011420GR", "carrierName": "ELTA Courier",
              "events": [{"code": "DELIVERED", "substatus": null, "text": "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ",
                "time": "2024-07-15T10:02:00Z", "location": {"description": "ΑΘΗΝΑ", "city": "Athens",
                "postalCode": "11111", "countryCode": "GR"}}]}
            """;

    static final String REGISTRATION = """
            {"shipmentId": "shp-1001", "orderId": "6640c1b2d4e5f60102030406", "partnerOrderReference": "ORD-2024-1001",
              "salesChannel": "web", "carrier": "elta", "carrierName": "ELTA Courier", "provider": "shiplemon",
              "providerReference": "be96511d-ba23-4268-bd8b-48c9cf930222", "polled": true,
              "parcels": [{"trackingNumber": "ZU500011420GR", "labelId": "1"}],
              "attributes": {"ShopId": "12", "CarrierAccountId": "3"}}
            """;
}
