package io.trackstream.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.trackstream.avro.EventSource;
import io.trackstream.avro.RejectionReason;
import io.trackstream.carriers.carriyo.CarriyoReader;
import io.trackstream.carriers.couriersync.CourierSyncReader;
import io.trackstream.carriers.fixtures.Payloads;
import io.trackstream.carriers.fixtures.ShiplemonBothWays;
import io.trackstream.carriers.generic.GenericReader;
import io.trackstream.carriers.json.InvalidPayloadException;
import io.trackstream.carriers.json.JsonPayload;
import io.trackstream.carriers.shiplemon.ShiplemonReader;
import io.trackstream.contract.ParcelKey;
import org.junit.jupiter.api.Test;

/** The readers as pure functions: seed-like payloads in, parcel reports out, and the field named when one is wrong. */
class ReadersTest {

    private static ParcelReport read(PayloadReader reader, String json) {
        return reader.read(JsonPayload.parseObject(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** What is wrong with a payload: what makes it unusable as a whole, else its first refused entry. */
    private static void assertInvalid(PayloadReader reader, String json, RejectionReason reason, String field) {
        InvalidPayloadException problem;
        try {
            List<ParcelReport.RefusedEntry> refused = read(reader, json).refused();
            assertThat(refused).as("refused entries").isNotEmpty();
            problem = refused.get(0).problem();
        } catch (InvalidPayloadException e) {
            problem = e;
        }
        assertThat(problem.reason()).isEqualTo(reason);
        assertThat(problem.field()).isEqualTo(field);
    }

    @Test
    void shiplemonCarrierComesFromDriverElseCarrierCode() {
        ParcelReport withDriver = read(new ShiplemonReader(), Payloads.shiplemon("ZU1"));
        ParcelReport withCarrierCodeOnly = read(new ShiplemonReader(), Payloads.shiplemon("ZU1").replace("\"driver\": \"elta\",", "")
                .replace("\"code\": \"elta\"", "\"code\": \"ELTA\""));

        assertThat(withDriver.carrier()).isEqualTo("elta");
        assertThat(withCarrierCodeOnly.carrier()).isEqualTo("elta");
        assertThat(withDriver.events()).hasSize(3);
        assertThat(withDriver.attributes()).containsEntry("tracking_status", "DELIVERED").containsEntry("estimated_delivery_in_days", "6");
    }

    @Test
    void aShiplemonTrackingGivesOneParcelAndTheSameEventsWhateverTheReceiverKnows() {
        // Given one body whose carrier.code is not its driver
        String body = new String(ShiplemonBothWays.body(), StandardCharsets.UTF_8);

        // When it is read as a webhook (nothing known) and as the answer to a poll for the registered parcel
        ParcelReport pushed = read(new ShiplemonReader(), body);
        ParcelReport polled = new ShiplemonReader().read(JsonPayload.parseObject(ShiplemonBothWays.body()),
                new KnownShipment(ShiplemonBothWays.SHIPMENT_ID, List.of(ParcelKey.parse(ShiplemonBothWays.PARCEL_KEY))));

        // Then both are the driver's parcel, with the same events
        RawEvents.Received received = new RawEvents.Received(EventSource.POLL, Instant.EPOCH, "application/json", ShiplemonBothWays.body());
        assertThat(pushed.parcelKey().toString()).isEqualTo(ShiplemonBothWays.PARCEL_KEY);
        assertThat(ShiplemonBothWays.factsOf(RawEvents.of(pushed, received))).isEqualTo(ShiplemonBothWays.EXPECTED);
        assertThat(ShiplemonBothWays.factsOf(RawEvents.of(polled, received))).isEqualTo(ShiplemonBothWays.EXPECTED);
    }

    @Test
    void shiplemonWithoutCarrierOrWithABadEntryNamesTheField() {
        String noCarrier = Payloads.shiplemon("ZU1").replace("\"driver\": \"elta\",", "").replace("\"code\": \"elta\",", "");
        assertInvalid(new ShiplemonReader(), noCarrier, RejectionReason.MISSING_FIELD, "data.driver");
        String statusAsNumber = "{\"driver\": \"elta\", \"tracking_ref\": \"ZU1\", \"tracking_history\": [{\"status\": 3, \"status_date\": \"2024-07-15T10:02:00Z\"}]}";
        assertInvalid(new ShiplemonReader(), statusAsNumber, RejectionReason.INVALID_VALUE, "tracking_history[0].status");
        String colonInCarrier = "{\"driver\": \"el:ta\", \"tracking_ref\": \"ZU1\", \"tracking_history\": []}";
        assertInvalid(new ShiplemonReader(), colonInCarrier, RejectionReason.INVALID_VALUE, "driver");
        String noHistory = "{\"driver\": \"elta\", \"tracking_ref\": \"ZU1\"}";
        assertInvalid(new ShiplemonReader(), noHistory, RejectionReason.MISSING_FIELD, "tracking_history");
    }

    @Test
    void aBadEntryIsRefusedAloneWithItsStatusAndTheOthersAreRead() {
        ParcelReport report = read(new ShiplemonReader(), Payloads.shiplemon("ZU1").replace("2024-07-15T09:45:00.000Z", "15/07/2024 09:45"));

        assertThat(report.events()).extracting(ParcelReport.CarrierEvent::statusCode).containsExactly("DELIVERED", "PRE_TRANSIT");
        assertThat(report.events()).extracting(ParcelReport.CarrierEvent::entry)
                .containsExactly("data.tracking_history[0]", "data.tracking_history[2]");
        assertThat(report.refused()).singleElement().satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo("TRANSIT");
            assertThat(r.problem().field()).isEqualTo("data.tracking_history[1].status_date");
            assertThat(r.problem().reason()).isEqualTo(RejectionReason.INVALID_VALUE);
        });
    }

    @Test
    void anEmptyShiplemonHistoryIsNoEventsYet() {
        ParcelReport report = read(new ShiplemonReader(), "{\"driver\": \"elta\", \"tracking_ref\": \"ZU1\", \"tracking_history\": []}");

        assertThat(report.events()).isEmpty();
        assertThat(report.refused()).isEmpty();
        assertThat(report.payloadField(-1, "events")).isEqualTo("tracking_history");
    }

    @Test
    void courierSyncWithoutCheckpointsIsOneEventFromItsCurrentTag() {
        ParcelReport report = read(new CourierSyncReader(), """
                {"msg": {"slug": "ups", "tracking_number": "1Z9", "tag": "info_received", "subtag": "info_received_001",
                 "subtag_message": "Label created", "updated_at": "2024-01-15T08:00:00Z", "checkpoints": []}}
                """);

        assertThat(report.events()).singleElement().satisfies(e -> {
            assertThat(e.statusCode()).isEqualTo("info_received");
            assertThat(e.substatus()).isEqualTo("info_received_001");
            assertThat(e.eventTime()).isEqualTo(Instant.parse("2024-01-15T08:00:00Z"));
        });
        assertInvalid(new CourierSyncReader(), "{\"msg\": {\"slug\": \"ups\", \"tracking_number\": \"1Z9\", \"checkpoints\": []}}",
                RejectionReason.MISSING_FIELD, "msg.tag");
        assertInvalid(new CourierSyncReader(), "{\"event\": \"tracking_update\"}", RejectionReason.MISSING_FIELD, "msg");
    }

    @Test
    void courierSyncsShipmentAnswerIsReadByTheSameReader() {
        ParcelReport report = read(new CourierSyncReader(), """
                {"id": "ship_1", "shipment_tracking_number": "1Z123E45678901234", "shipment_courier": "ups",
                 "verification_status": "verified", "updated_at": "2024-01-15T14:45:00Z", "tracking_status": "delivered",
                 "tracking_substatus": "delivered_001", "expected_delivery": "2024-01-20T18:00:00Z"}
                """);

        assertThat(report.parcelKey()).isEqualTo(ParcelKey.of("ups", "1Z123E45678901234"));
        assertThat(report.providerReference()).isEqualTo("ship_1");
        assertThat(report.attributes()).containsEntry("verification_status", "verified");
        assertThat(report.events()).singleElement().satisfies(e -> {
            assertThat(e.statusCode()).isEqualTo("delivered");
            assertThat(e.substatus()).isEqualTo("delivered_001");
            assertThat(e.eventTime()).isEqualTo(Instant.parse("2024-01-15T14:45:00Z"));
        });
        assertInvalid(new CourierSyncReader(), "{\"shipment_tracking_number\": \"1Z1\", \"tracking_status\": \"delivered\"}",
                RejectionReason.MISSING_FIELD, "shipment_courier");
    }

    @Test
    void carriyoNeedsStatusTrackingNumberAndATime() {
        ParcelReport report = read(new CarriyoReader(), Payloads.carriyo("3456789012"));
        assertThat(report.carrier()).isEqualTo("aramex");
        assertThat(report.events()).singleElement().satisfies(e -> assertThat(e.statusCode()).isEqualTo("delivered"));

        assertInvalid(new CarriyoReader(), Payloads.carriyo("3456789012").replace("\"status\": \"delivered\",", ""),
                RejectionReason.MISSING_FIELD, "post_shipping_info.status");
        assertInvalid(new CarriyoReader(), Payloads.carriyo("3456789012").replace("\"tracking_no\"", "\"awb\""),
                RejectionReason.MISSING_FIELD, "post_shipping_info.tracking_no");
        assertInvalid(new CarriyoReader(), Payloads.carriyo("3456789012").replace("\"update_date\"", "\"updated\""),
                RejectionReason.MISSING_FIELD, "post_shipping_info.update_date");
    }

    @Test
    void genericLocationsAreObjectsOrStrings() {
        ParcelReport report = read(new GenericReader(), Payloads.generic("acs", "72"));
        assertThat(report.events().get(0).location().countryCode()).isEqualTo("GR");
        assertThat(report.events().get(1).location().description()).isEqualTo("ΑΘΗΝΑ");

        assertInvalid(new GenericReader(), Payloads.generic("acs", "72").replace("\"countryCode\": \"GR\"", "\"countryCode\": \"GRC\""),
                RejectionReason.INVALID_VALUE, "events[0].location.countryCode");
        assertInvalid(new GenericReader(), "{\"carrier\": \"acs\", \"trackingNumber\": \"72\", \"events\": [{\"code\": \"X\"}]}",
                RejectionReason.MISSING_FIELD, "events[0].time");
        assertInvalid(new GenericReader(), "{\"trackingNumber\": \"72\", \"events\": []}", RejectionReason.MISSING_FIELD, "carrier");
    }

    @Test
    void aFailureAfterTheParcelIsKnownCarriesTheParcel() {
        assertThatThrownBy(() -> read(new GenericReader(), "{\"carrier\": \"ACS\", \"trackingNumber\": \"72\", \"events\": [{\"code\": \"X\", \"time\": \"now\"}], \"deliveredAt\": 5}"))
                .isInstanceOfSatisfying(InvalidPayloadException.class, e -> {
                    assertThat(e.field()).isEqualTo("deliveredAt");
                    assertThat(e.carrier()).isEqualTo("acs");
                    assertThat(e.trackingNumber()).isEqualTo("72");
                });
    }
}
