package io.trackstream.ingest.api;

import static io.trackstream.carriers.fixtures.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.RejectionReason;
import io.trackstream.contract.RawEventCheck;
import io.trackstream.contract.TrackingLimits;
import io.trackstream.carriers.fixtures.Payloads;
import io.trackstream.ingest.fixtures.Registrations;
import io.trackstream.ingest.fixtures.Signed;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * What the processor would refuse is refused at the door, with the field the sender wrote named, and a 202 means the
 * processor accepts every event of the webhook (TrackingLimits, RawEventCheck): the bounds of issue 18 point 1 and of
 * issue 17 points 5 and 9 on the producer side.
 */
class ContractBoundsTest extends MockKafkaWebTest {

    @Test
    void aTextOverItsLimitIs413NamingTheEntryFieldAndNothingIsPublished() throws Exception {
        String longText = "Ω".repeat(TrackingLimits.MAX_STATUS_TEXT_BYTES / 2) + "x";
        byte[] body = utf8(Payloads.shiplemon("ZU500011420GR").replace(Payloads.GREEK_WITH_COURIER, longText));

        mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, body))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.type").value("too_large"))
                .andExpect(jsonPath("$.field").value("data.tracking_history[1].status_details"))
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("1025 bytes")));

        assertThat(rawEvents()).as("the webhook stays all or nothing").isEmpty();
        assertThat(sent(REJECTED)).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("elta:ZU500011420GR");
            RejectedEvent rejected = (RejectedEvent) r.value();
            assertThat(rejected.getReason()).isEqualTo(RejectionReason.TOO_LARGE);
            assertThat(rejected.getField()).isEqualTo("data.tracking_history[1].status_details");
        });
    }

    @Test
    void eventTimesBefore2000OrMoreThanADayAheadAre400NamingTheDate() throws Exception {
        byte[] old = utf8(Payloads.shiplemon("ZU500011420GR").replace("2024-07-12T14:17:00.000Z", "1999-12-31T23:59:59Z"));
        mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, old))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("invalid_field"))
                .andExpect(jsonPath("$.field").value("data.tracking_history[2].status_date"));

        String twoDaysAhead = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        byte[] future = utf8(Payloads.generic("acs", "7209912345").replace("2024-07-15T10:02:00Z", twoDaysAhead));
        mvc.perform(Signed.webhook("generic", GENERIC_SECRET, future))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("events[1].time"));

        assertThat(rawEvents()).isEmpty();
        assertThat(rejectedEvents()).extracting(RejectedEvent::getReason)
                .containsExactly(RejectionReason.INVALID_VALUE, RejectionReason.INVALID_VALUE);
    }

    @Test
    void aTrackingNumberOverItsLimitIs413NamingIt() throws Exception {
        String tooLong = "9".repeat(TrackingLimits.MAX_TRACKING_NUMBER_BYTES + 1);
        mvc.perform(Signed.webhook("courier-sync", COURIER_SYNC_SECRET, utf8(Payloads.courierSync(tooLong))))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.field").value("msg.tracking_number"));
        assertThat(rawEvents()).isEmpty();
    }

    @Test
    void anAcceptedWebhookIsOneBatchWhoseEventsTheProcessorAccepts() throws Exception {
        mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, utf8(Payloads.shiplemon("ZU500011420GR"))))
                .andExpect(status().isAccepted());

        assertThat(rawEvents()).hasSize(3).allSatisfy(e -> {
            assertThat(RawEventCheck.check(e)).isEmpty();
            assertThat(e.getBatchId()).isNotBlank();
            assertThat(e.getBatchSize()).isEqualTo(3);
        });
        assertThat(rawEvents()).extracting(RawTrackingEvent::getBatchId).containsOnly(rawEvents().get(0).getBatchId());

        mvc.perform(Signed.webhook("carriyo", CARRIYO_SECRET, utf8(Payloads.carriyo("3456789012"))))
                .andExpect(status().isAccepted());
        RawTrackingEvent carriyo = rawEvents().get(3);
        assertThat(carriyo.getBatchSize()).isEqualTo(1);
        assertThat(carriyo.getBatchId()).as("each webhook is its own batch").isNotEqualTo(rawEvents().get(0).getBatchId());
    }

    /** The same offset-less time the pollers read in the same zone (producer-pollers' CarrierZonesTest). */
    @Test
    void timesWithoutAnOffsetAreTheCarriersLocalTime() throws Exception {
        byte[] shiplemon = utf8(Payloads.shiplemon("ZU500011420GR").replace("2024-07-15T10:02:00.000Z", "2024-07-15T13:02:00"));
        byte[] courierSync = utf8(Payloads.courierSync("ZU500011420GR").replace("\"slug\": \"ups\"", "\"slug\": \"elta\"")
                .replace("2024-01-15T10:30:00Z", "2024-07-15T13:02:00"));

        mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, shiplemon)).andExpect(status().isAccepted());
        mvc.perform(Signed.webhook("courier-sync", COURIER_SYNC_SECRET, courierSync)).andExpect(status().isAccepted());

        // ELTA is a Greek carrier: 13:02 in Athens in July (UTC+3) is 10:02 UTC, through either door
        assertThat(rawEvents().get(0).getEventTime()).isEqualTo("2024-07-15T10:02:00Z");
        assertThat(rawEvents().get(3).getEventTime()).isEqualTo("2024-07-15T10:02:00Z");
    }

    @Test
    void registrationsAreHeldToTheSameBoundsNamingTheField() throws Exception {
        StringBuilder parcels = new StringBuilder();
        for (int i = 0; i <= TrackingLimits.MAX_PARCELS_PER_SHIPMENT; i++) {
            parcels.append(i == 0 ? "" : ",").append("{\"trackingNumber\": \"ZU").append(i).append("GR\"}");
        }
        register(Registrations.registration("shp-1", "ZU1GR").replaceFirst("\"parcels\": \\[.*\\],", "\"parcels\": [" + parcels + "],"),
                "parcels");
        register(Registrations.registration("s".repeat(TrackingLimits.MAX_SHIPMENT_ID_BYTES + 1), "ZU1GR"), "shipmentId");
        register(Registrations.registration("shp-1", "ZU1GR").replace("6640c1b2d4e5f60102030406", "o".repeat(TrackingLimits.MAX_ORDER_ID_BYTES + 1)),
                "orderId");
        register(Registrations.registration("shp-1", "9".repeat(TrackingLimits.MAX_TRACKING_NUMBER_BYTES + 1)), "parcels[0].trackingNumber");
        assertThat(registrations()).isEmpty();

        register(Registrations.registration("s".repeat(TrackingLimits.MAX_SHIPMENT_ID_BYTES), "9".repeat(TrackingLimits.MAX_TRACKING_NUMBER_BYTES)), null);
        assertThat(registrations()).hasSize(1);
    }

    private void register(String body, String badField) throws Exception {
        var answer = mvc.perform(post("/shipments").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + STORE1_WRITER).content(utf8(body)));
        if (badField == null) {
            answer.andExpect(status().isAccepted());
        } else {
            answer.andExpect(status().isBadRequest()).andExpect(jsonPath("$.field").value(badField));
        }
    }
}
