package io.trackstream.ingest.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.trackstream.avro.RejectionReason;
import io.trackstream.ingest.carrier.carriyo.CarriyoFormat;
import io.trackstream.ingest.carrier.couriersync.CourierSyncFormat;
import io.trackstream.ingest.carrier.generic.GenericFormat;
import io.trackstream.ingest.carrier.shiplemon.ShiplemonFormat;
import io.trackstream.ingest.fixtures.Payloads;
import io.trackstream.ingest.payload.InvalidPayloadException;
import io.trackstream.ingest.payload.JsonPayload;
import org.junit.jupiter.api.Test;

/** The formats as pure functions: seed-like payloads in, parcel reports out, and the field named when one is wrong. */
class WebhookFormatsTest {

    private static ParcelReport read(WebhookFormat format, String json) {
        return format.read(JsonPayload.parseObject(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertInvalid(WebhookFormat format, String json, RejectionReason reason, String field) {
        assertThatThrownBy(() -> read(format, json)).isInstanceOfSatisfying(InvalidPayloadException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    @Test
    void shiplemonCarrierComesFromDriverElseCarrierCode() {
        ParcelReport withDriver = read(new ShiplemonFormat(), Payloads.shiplemon("ZU1"));
        ParcelReport withCarrierCodeOnly = read(new ShiplemonFormat(), Payloads.shiplemon("ZU1").replace("\"driver\": \"elta\",", "")
                .replace("\"code\": \"elta\"", "\"code\": \"ELTA\""));

        assertThat(withDriver.carrier()).isEqualTo("elta");
        assertThat(withCarrierCodeOnly.carrier()).isEqualTo("elta");
        assertThat(withDriver.events()).hasSize(3);
        assertThat(withDriver.attributes()).containsEntry("tracking_status", "DELIVERED");
    }

    @Test
    void shiplemonWithoutCarrierOrHistoryNamesTheField() {
        String noCarrier = Payloads.shiplemon("ZU1").replace("\"driver\": \"elta\",", "").replace("\"code\": \"elta\",", "");
        assertInvalid(new ShiplemonFormat(), noCarrier, RejectionReason.MISSING_FIELD, "data.driver");
        String emptyHistory = "{\"driver\": \"elta\", \"tracking_ref\": \"ZU1\", \"tracking_history\": []}";
        assertInvalid(new ShiplemonFormat(), emptyHistory, RejectionReason.INVALID_VALUE, "tracking_history");
        String statusAsNumber = "{\"driver\": \"elta\", \"tracking_ref\": \"ZU1\", \"tracking_history\": [{\"status\": 3, \"status_date\": \"2024-07-15T10:02:00Z\"}]}";
        assertInvalid(new ShiplemonFormat(), statusAsNumber, RejectionReason.INVALID_VALUE, "tracking_history[0].status");
        String colonInCarrier = "{\"driver\": \"el:ta\", \"tracking_ref\": \"ZU1\", \"tracking_history\": []}";
        assertInvalid(new ShiplemonFormat(), colonInCarrier, RejectionReason.INVALID_VALUE, "driver");
    }

    @Test
    void courierSyncWithoutCheckpointsIsOneEventFromItsCurrentTag() {
        ParcelReport report = read(new CourierSyncFormat(), """
                {"msg": {"slug": "ups", "tracking_number": "1Z9", "tag": "info_received", "subtag": "info_received_001",
                 "subtag_message": "Label created", "updated_at": "2024-01-15T08:00:00Z", "checkpoints": []}}
                """);

        assertThat(report.events()).singleElement().satisfies(e -> {
            assertThat(e.statusCode()).isEqualTo("info_received");
            assertThat(e.substatus()).isEqualTo("info_received_001");
            assertThat(e.eventTime()).isEqualTo(Instant.parse("2024-01-15T08:00:00Z"));
        });
        assertInvalid(new CourierSyncFormat(), "{\"msg\": {\"slug\": \"ups\", \"tracking_number\": \"1Z9\", \"checkpoints\": []}}",
                RejectionReason.MISSING_FIELD, "msg.tag");
        assertInvalid(new CourierSyncFormat(), "{\"event\": \"tracking_update\"}", RejectionReason.MISSING_FIELD, "msg");
    }

    @Test
    void carriyoNeedsStatusTrackingNumberAndATime() {
        ParcelReport report = read(new CarriyoFormat(), Payloads.carriyo("3456789012"));
        assertThat(report.carrier()).isEqualTo("aramex");
        assertThat(report.events()).singleElement().satisfies(e -> assertThat(e.statusCode()).isEqualTo("delivered"));

        assertInvalid(new CarriyoFormat(), Payloads.carriyo("3456789012").replace("\"status\": \"delivered\",", ""),
                RejectionReason.MISSING_FIELD, "post_shipping_info.status");
        assertInvalid(new CarriyoFormat(), Payloads.carriyo("3456789012").replace("\"tracking_no\"", "\"awb\""),
                RejectionReason.MISSING_FIELD, "post_shipping_info.tracking_no");
        assertInvalid(new CarriyoFormat(), Payloads.carriyo("3456789012").replace("\"update_date\"", "\"updated\""),
                RejectionReason.MISSING_FIELD, "post_shipping_info.update_date");
    }

    @Test
    void genericLocationsAreObjectsOrStrings() {
        ParcelReport report = read(new GenericFormat(), Payloads.generic("acs", "72"));
        assertThat(report.events().get(0).location().countryCode()).isEqualTo("GR");
        assertThat(report.events().get(1).location().description()).isEqualTo("ΑΘΗΝΑ");

        assertInvalid(new GenericFormat(), Payloads.generic("acs", "72").replace("\"countryCode\": \"GR\"", "\"countryCode\": \"GRC\""),
                RejectionReason.INVALID_VALUE, "events[0].location.countryCode");
        assertInvalid(new GenericFormat(), "{\"carrier\": \"acs\", \"trackingNumber\": \"72\", \"events\": [{\"code\": \"X\"}]}",
                RejectionReason.MISSING_FIELD, "events[0].time");
        assertInvalid(new GenericFormat(), "{\"trackingNumber\": \"72\", \"events\": []}", RejectionReason.MISSING_FIELD, "carrier");
    }

    @Test
    void aFailureAfterTheParcelIsKnownCarriesTheParcel() {
        assertThatThrownBy(() -> read(new GenericFormat(), "{\"carrier\": \"ACS\", \"trackingNumber\": \"72\", \"events\": [{\"code\": \"X\"}]}"))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> {
                    assertThat(e.carrier()).isEqualTo("acs");
                    assertThat(e.trackingNumber()).isEqualTo("72");
                });
    }
}
