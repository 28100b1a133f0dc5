package io.trackstream.ingest.api;

import static io.trackstream.carriers.fixtures.Payloads.GREEK_BY_COURIER;
import static io.trackstream.carriers.fixtures.Payloads.GREEK_CREATED;
import static io.trackstream.carriers.fixtures.Payloads.GREEK_DELIVERED;
import static io.trackstream.carriers.fixtures.Payloads.GREEK_WITH_COURIER;
import static io.trackstream.carriers.fixtures.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.trackstream.avro.EventSource;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.RejectionReason;
import io.trackstream.carriers.fixtures.Payloads;
import io.trackstream.carriers.fixtures.ShiplemonBothWays;
import io.trackstream.ingest.fixtures.Signed;
import io.trackstream.carriers.webhook.WebhookSigner;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class WebhookEndpointsTest extends MockKafkaWebTest {

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    @Nested
    class EachFormat {

        /** The pushed half of ShiplemonBothWays; the polled half is producer-pollers' ShiplemonAdapterTest. */
        @Test
        void aShiplemonTrackingGetsTheParcelKeyAndEventsItGetsWhenPolled() throws Exception {
            // Given the tracking the pollers poll in their test, whose carrier.code is not its driver
            byte[] body = ShiplemonBothWays.body();

            // When it is pushed
            mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, body))
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.data.parcelKey").value(ShiplemonBothWays.PARCEL_KEY));

            // Then it is the same parcel with the same events as when polled
            assertThat(sent(RAW)).extracting(r -> r.key()).containsOnly(ShiplemonBothWays.PARCEL_KEY);
            assertThat(ShiplemonBothWays.factsOf(rawEvents())).isEqualTo(ShiplemonBothWays.EXPECTED);
        }

        @Test
        void shiplemonTrackingBecomesOneRawEventPerHistoryEntryWithTheWholeBodyKept() throws Exception {
            byte[] body = utf8(Payloads.shiplemon("ZU500011420GR"));

            mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, body))
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.status").value(202))
                    .andExpect(jsonPath("$.success").value(true))
                    .andExpect(jsonPath("$.data.parcelKey").value("elta:ZU500011420GR"))
                    .andExpect(jsonPath("$.data.events").value(3));

            assertThat(sent(RAW)).extracting(r -> r.key()).containsOnly("elta:ZU500011420GR");
            List<RawTrackingEvent> events = rawEvents();
            assertThat(events).extracting(RawTrackingEvent::getCarrierStatusCode).containsExactly("DELIVERED", "TRANSIT", "PRE_TRANSIT");
            assertThat(events).extracting(RawTrackingEvent::getCarrierSubstatus).containsExactly(null, "WITH_COURIER", null);
            assertThat(events).extracting(RawTrackingEvent::getCarrierStatusText)
                    .containsExactly(GREEK_DELIVERED, GREEK_WITH_COURIER, GREEK_CREATED);
            assertThat(events).extracting(RawTrackingEvent::getEventTime).containsExactly(
                    Instant.parse("2024-07-15T10:02:00Z"), Instant.parse("2024-07-15T09:45:00Z"), Instant.parse("2024-07-12T14:17:00Z"));
            RawTrackingEvent first = events.get(0);
            assertThat(first.getSource()).isEqualTo(EventSource.WEBHOOK);
            assertThat(first.getProvider()).isEqualTo("shiplemon");
            assertThat(first.getCarrier()).isEqualTo("elta");
            assertThat(first.getCarrierName()).isEqualTo("ELTA Courier");
            assertThat(first.getProviderReference()).isEqualTo("be96511d-ba23-4268-bd8b-48c9cf930222");
            assertThat(first.getTrackingUrl()).isEqualTo("https://www.elta-courier.gr/search?br=ZU500011420GR");
            assertThat(first.getLabelUrl()).isEqualTo("https://static.shiplemon.com/labels/elta/ZU500011420GR.pdf");
            assertThat(first.getChildParcels()).singleElement().satisfies(child -> {
                assertThat(child.getTrackingNumber()).isEqualTo("2338891501");
                assertThat(child.getTrackingUrl()).isNull();
                assertThat(child.getLabelUrl()).endsWith("/boxnow/2338891501.pdf");
            });
            assertThat(first.getAttributes()).containsEntry("service_code", "elta_courier_porta_porta")
                    .containsEntry("country_to", "GR");
            // the Content-Type header as the app got it: MockMvc's request adds the charset that Spring Boot's
            // CharacterEncodingFilter sets to the header (over real HTTP it is kept as sent: WebhookIngestOnBrokerTest)
            assertThat(first.getRawContentType()).isIn(MediaType.APPLICATION_JSON_VALUE, "application/json;charset=UTF-8");
            assertThat(events).allSatisfy(e -> assertThat(bytes(e.getRawPayload())).isEqualTo(body));
            assertThat(events).extracting(RawTrackingEvent::getEventId).doesNotHaveDuplicates();
        }

        @Test
        void shiplemonPutTrackingShapeWithoutEnvelopeIsReadToo() throws Exception {
            byte[] body = utf8(Payloads.shiplemonPutTracking());

            mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, body)).andExpect(status().isAccepted());

            assertThat(sent(RAW)).extracting(r -> r.key()).containsOnly("dhl:1190953890");
            assertThat(rawEvents()).extracting(RawTrackingEvent::getCarrierStatusCode)
                    .containsExactly("DELIVERED", "EXCEPTION", "TRANSIT", "PRE_TRANSIT");
            assertThat(rawEvents()).extracting(RawTrackingEvent::getCarrierStatusText)
                    .contains("ΑΚΥΡΩΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ", "ΕΚΦΟΡΤΩΣΗ ΑΠΟ ΜΕΤΑΦΟΡΙΚΟ ΜΕΣΟ");
        }

        @Test
        void courierSyncCheckpointsBecomeRawEventsWithTagAndSubtag() throws Exception {
            byte[] body = utf8(Payloads.courierSync("1Z123E45678901234"));

            mvc.perform(Signed.webhook("courier-sync", COURIER_SYNC_SECRET, body))
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.data.parcelKey").value("ups:1Z123E45678901234"));

            List<RawTrackingEvent> events = rawEvents();
            assertThat(events).extracting(RawTrackingEvent::getProvider).containsOnly("courier-sync");
            assertThat(events).extracting(RawTrackingEvent::getCarrierStatusCode).containsExactly("in_transit", "delivered");
            assertThat(events).extracting(RawTrackingEvent::getCarrierSubstatus).containsExactly("in_transit_001", "delivered_001");
            assertThat(events.get(1).getCarrierStatusText()).isEqualTo(GREEK_BY_COURIER);
            assertThat(events.get(1).getEventTime()).isEqualTo(Instant.parse("2024-01-16T12:45:00Z"));
            assertThat(events.get(0).getLocation().getCity()).isEqualTo("Athens");
            assertThat(events.get(0).getLocation().getCountryCode()).isEqualTo("GR");
            assertThat(events.get(1).getLocation().getDescription()).isEqualTo("ΑΘΗΝΑ");
            assertThat(events.get(0).getExpectedDelivery()).isEqualTo(Instant.parse("2024-01-20T18:00:00Z"));
            assertThat(events.get(0).getProviderReference()).isEqualTo("ship_1234567890abcdef");
            assertThat(events.get(0).getAttributes()).containsEntry("verification_status", "verified");
            assertThat(bytes(events.get(1).getRawPayload())).isEqualTo(body);
        }

        @Test
        void carriyoShipmentWebhookBecomesOneRawEventWithItsOrderReference() throws Exception {
            byte[] body = utf8(Payloads.carriyo("3456789012"));

            mvc.perform(Signed.webhook("carriyo", CARRIYO_SECRET, body))
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.data.parcelKey").value("aramex:3456789012"));

            RawTrackingEvent event = rawEvents().get(0);
            assertThat(rawEvents()).hasSize(1);
            assertThat(event.getProvider()).isEqualTo("carriyo");
            assertThat(event.getCarrierStatusCode()).isEqualTo("delivered");
            assertThat(event.getCarrierSubstatus()).isEqualTo("SH005");
            assertThat(event.getCarrierStatusText()).isEqualTo(GREEK_BY_COURIER);
            assertThat(event.getDeliveredAt()).isEqualTo(Instant.parse("2024-07-15T10:02:00Z"));
            assertThat(event.getProviderReference()).isEqualTo("CARR-5K2M9");
            assertThat(event.getAttributes()).containsEntry("partner_order_reference", "ORD-2024-1001");
            assertThat(bytes(event.getRawPayload())).isEqualTo(body);
        }

        @Test
        void genericFormatServesCarriersWithoutAnAdapter() throws Exception {
            byte[] body = utf8(Payloads.generic("ACS", "7209912345"));

            mvc.perform(Signed.webhook("generic", GENERIC_SECRET, body))
                    .andExpect(status().isAccepted())
                    .andExpect(jsonPath("$.data.parcelKey").value("acs:7209912345"));

            List<RawTrackingEvent> events = rawEvents();
            assertThat(events).extracting(RawTrackingEvent::getCarrierStatusCode).containsExactly("OUT_FOR_DELIVERY", "DELIVERED");
            assertThat(events).extracting(RawTrackingEvent::getCarrierStatusText).containsExactly("ΣΕ ΔΙΑΝΟΜΗ", GREEK_BY_COURIER);
            assertThat(events.get(0).getEventTime()).isEqualTo(Instant.parse("2024-07-15T04:10:00Z"));
            assertThat(events.get(0).getLocation().getPostalCode()).isEqualTo("10431");
            assertThat(events.get(1).getLocation().getDescription()).isEqualTo("ΑΘΗΝΑ");
        }
    }

    @Nested
    class Signatures {

        private final byte[] body = utf8(Payloads.shiplemon("ZU500011420GR"));

        @Test
        void missingSignatureHeadersAre401NamingTheHeader() throws Exception {
            mvc.perform(post("/webhooks/shiplemon").contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.status").value(401))
                    .andExpect(jsonPath("$.success").value(false))
                    .andExpect(jsonPath("$.type").value("missing_signature"))
                    .andExpect(jsonPath("$.field").value(WebhookSigner.TIMESTAMP_HEADER));
            long now = Instant.now().getEpochSecond();
            mvc.perform(post("/webhooks/shiplemon").contentType(MediaType.APPLICATION_JSON).content(body)
                            .header(WebhookSigner.TIMESTAMP_HEADER, now))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.field").value(WebhookSigner.SIGNATURE_HEADER));
            assertThat(kafka.get().history()).isEmpty();
        }

        @Test
        void signatureWithAnotherSecretIs401() throws Exception {
            mvc.perform(Signed.webhook("shiplemon", "not-the-secret", body))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.type").value("invalid_signature"));
            // each provider has its own secret: courier-sync's does not open shiplemon's endpoint
            mvc.perform(Signed.webhook("shiplemon", COURIER_SYNC_SECRET, body))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.type").value("invalid_signature"));
            assertThat(kafka.get().history()).isEmpty();
        }

        @Test
        void bodyChangedAfterSigningIs401() throws Exception {
            long now = Instant.now().getEpochSecond();
            byte[] tampered = utf8(Payloads.shiplemon("ZU999999999GR"));
            mvc.perform(post("/webhooks/shiplemon").contentType(MediaType.APPLICATION_JSON).content(tampered)
                            .header(WebhookSigner.TIMESTAMP_HEADER, now)
                            .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(SHIPLEMON_SECRET, now, body)))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.type").value("invalid_signature"));
        }

        @Test
        void garbledSignatureHeaderIs401() throws Exception {
            mvc.perform(post("/webhooks/shiplemon").contentType(MediaType.APPLICATION_JSON).content(body)
                            .header(WebhookSigner.TIMESTAMP_HEADER, "yesterday")
                            .header(WebhookSigner.SIGNATURE_HEADER, "sha256=abc"))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.type").value("invalid_signature"))
                    .andExpect(jsonPath("$.field").value(WebhookSigner.TIMESTAMP_HEADER));
        }

        @Test
        void correctlySignedButOlderThanTheReplayWindowIs401() throws Exception {
            long sixMinutesAgo = Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond();
            mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, body, sixMinutesAgo))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.type").value("expired_signature"))
                    .andExpect(jsonPath("$.field").value(WebhookSigner.TIMESTAMP_HEADER));
            assertThat(kafka.get().history()).isEmpty();
        }

        @Test
        void theSameSignedRequestTwiceIsAReplay() throws Exception {
            long now = Instant.now().getEpochSecond();
            byte[] fresh = utf8(Payloads.shiplemon("ZU100000001GR"));
            mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, fresh, now)).andExpect(status().isAccepted());

            mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, fresh, now))
                    .andExpect(status().isUnauthorized())
                    .andExpect(jsonPath("$.type").value("replayed_signature"));

            assertThat(rawEvents()).hasSize(3);
            // the sender re-signing the same body with a new timestamp is a new delivery, not a replay
            mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, fresh, now + 1)).andExpect(status().isAccepted());
        }
    }

    @Nested
    class BadInput {

        @Test
        void malformedJsonIs400AndTheBytesAreKeptInTheRejectedTopic() throws Exception {
            byte[] body = utf8("{\"status\": \"ok\", \"data\": {\"tracking_ref\": \"ZU1\", \"tracking_history\": [ {\"status\": ");

            mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, body))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("malformed_json"))
                    .andExpect(jsonPath("$.field").value("data.tracking_history[0].status"));

            assertThat(rawEvents()).isEmpty();
            RejectedEvent rejected = rejectedEvents().get(0);
            assertThat(rejected.getReason()).isEqualTo(RejectionReason.MALFORMED_PAYLOAD);
            assertThat(rejected.getStage()).isEqualTo("webhook-ingest");
            assertThat(rejected.getProvider()).isEqualTo("shiplemon");
            assertThat(bytes(rejected.getRawPayload())).isEqualTo(body);
            assertThat(sent(REJECTED).get(0).key()).isNull();
        }

        @Test
        void missingTrackingNumberIs400NamingIt() throws Exception {
            byte[] body = utf8(Payloads.shiplemon("ZU500011420GR").replace("\"tracking_ref\": \"ZU500011420GR\",", ""));

            mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, body))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("missing_field"))
                    .andExpect(jsonPath("$.field").value("data.tracking_ref"));

            assertThat(rejectedEvents()).singleElement().satisfies(r -> {
                assertThat(r.getReason()).isEqualTo(RejectionReason.MISSING_FIELD);
                assertThat(r.getField()).isEqualTo("data.tracking_ref");
            });
        }

        @Test
        void unparseableDateIs400NamingTheEntryAndKeyedByTheParcel() throws Exception {
            byte[] body = utf8(Payloads.shiplemon("ZU500011420GR").replace("2024-07-15T09:45:00.000Z", "15/07/2024 09:45"));

            mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, body))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("invalid_field"))
                    .andExpect(jsonPath("$.field").value("data.tracking_history[1].status_date"));

            assertThat(rawEvents()).as("no entry of a partly bad webhook is published").isEmpty();
            assertThat(sent(REJECTED)).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("elta:ZU500011420GR");
                RejectedEvent rejected = (RejectedEvent) r.value();
                assertThat(rejected.getReason()).isEqualTo(RejectionReason.INVALID_VALUE);
                assertThat(rejected.getTrackingNumber()).isEqualTo("ZU500011420GR");
                assertThat(bytes(rejected.getRawPayload())).isEqualTo(body);
            });
        }

        /** A poll may find no entries yet; a webhook without any says nothing, so it is refused naming where they go. */
        @Test
        void aWebhookWithoutEntriesIs400NamingTheEntriesField() throws Exception {
            mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET,
                            utf8("{\"status\": \"ok\", \"data\": {\"driver\": \"elta\", \"tracking_ref\": \"ZU1\", \"tracking_history\": []}}")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("invalid_field"))
                    .andExpect(jsonPath("$.field").value("data.tracking_history"));
            mvc.perform(Signed.webhook("generic", GENERIC_SECRET, utf8("{\"carrier\": \"acs\", \"trackingNumber\": \"72\", \"events\": []}")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.field").value("events"));
            assertThat(rawEvents()).isEmpty();
            assertThat(rejectedEvents()).hasSize(2).allSatisfy(r -> assertThat(r.getReason()).isEqualTo(RejectionReason.INVALID_VALUE));
        }

        @Test
        void wrongTypesAre400NamingTheField() throws Exception {
            mvc.perform(Signed.webhook("courier-sync", COURIER_SYNC_SECRET,
                            utf8("{\"msg\": {\"slug\": \"ups\", \"tracking_number\": 12345, \"checkpoints\": []}}")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("invalid_field"))
                    .andExpect(jsonPath("$.field").value("msg.tracking_number"))
                    .andExpect(jsonPath("$.message").value("Field 'msg.tracking_number' must be a string, was number"));
            mvc.perform(Signed.webhook("generic", GENERIC_SECRET,
                            utf8("{\"carrier\": \"acs\", \"trackingNumber\": \"7209912345\", \"events\": \"DELIVERED\"}")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.field").value("events"));
            mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, utf8("[1, 2, 3]")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("malformed_json"))
                    .andExpect(jsonPath("$.field").value("body"));
            assertThat(rejectedEvents()).hasSize(3);
        }

        @Test
        void bodyOverTheLimitIs413AndNothingIsPublished() throws Exception {
            String padding = "x".repeat(17 * 1024);
            byte[] body = utf8(Payloads.generic("acs", "7209912345").replace("\"ACS Courier\"", "\"" + padding + "\""));

            mvc.perform(Signed.webhook("generic", GENERIC_SECRET, body))
                    .andExpect(status().isPayloadTooLarge())
                    .andExpect(jsonPath("$.status").value(413))
                    .andExpect(jsonPath("$.type").value("payload_too_large"))
                    .andExpect(jsonPath("$.field").value("body"));
            assertThat(kafka.get().history()).isEmpty();
        }

        @Test
        void theLargestAllowedBodyIsAcceptedAndOneByteMoreIs413WithoutAStackTrace() throws Exception {
            // Given a webhook padded with JSON whitespace to exactly the limit (16KB in MockKafkaWebTest)
            byte[] json = utf8(Payloads.generic("acs", "7209900003"));
            byte[] atLimit = java.util.Arrays.copyOf(json, 16 * 1024);
            java.util.Arrays.fill(atLimit, json.length, atLimit.length, (byte) ' ');
            byte[] overLimit = java.util.Arrays.copyOf(atLimit, atLimit.length + 1);
            overLimit[atLimit.length] = ' ';

            // Then the body at the limit is accepted, byte for byte, and one byte more is refused before it is read
            mvc.perform(Signed.webhook("generic", GENERIC_SECRET, atLimit)).andExpect(status().isAccepted());
            assertThat(rawEvents()).allSatisfy(e -> assertThat(bytes(e.getRawPayload())).isEqualTo(atLimit));
            String refused = mvc.perform(Signed.webhook("generic", GENERIC_SECRET, overLimit))
                    .andExpect(status().isPayloadTooLarge())
                    .andExpect(jsonPath("$.type").value("payload_too_large"))
                    .andExpect(jsonPath("$.message").value("The request body is larger than the limit of 16384 bytes"))
                    .andReturn().getResponse().getContentAsString();
            assertThat(refused).doesNotContain("Exception").doesNotContain("at io.");
        }

        @Test
        void aBodyThatIsNotJsonIs415BeforeItsSignatureIsLookedAt() throws Exception {
            mvc.perform(post("/webhooks/shiplemon").contentType(MediaType.TEXT_PLAIN).content("tracking"))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(jsonPath("$.field").value("Content-Type"));
            mvc.perform(post("/shipments").contentType(MediaType.APPLICATION_FORM_URLENCODED).content("a=b"))
                    .andExpect(status().isUnsupportedMediaType());
            assertThat(kafka.get().history()).isEmpty();
        }

        @Test
        void anythingButUtf8JsonIs415NamingContentType() throws Exception {
            byte[] body = utf8(Payloads.generic("acs", "7209900002"));
            mvc.perform(Signed.webhook("generic", GENERIC_SECRET, body).contentType(MediaType.TEXT_PLAIN))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(jsonPath("$.type").value("unsupported_media_type"))
                    .andExpect(jsonPath("$.field").value("Content-Type"));
            mvc.perform(Signed.webhook("generic", GENERIC_SECRET, body).contentType("application/json;charset=ISO-8859-7"))
                    .andExpect(status().isUnsupportedMediaType());
            mvc.perform(Signed.webhook("generic", GENERIC_SECRET, body).contentType("application/json; charset=utf-8"))
                    .andExpect(status().isAccepted());
        }

        @Test
        void moreEntriesThanTheLimitIs413() throws Exception {
            StringBuilder events = new StringBuilder();
            for (int i = 0; i < 11; i++) {
                events.append(i == 0 ? "" : ",").append("{\"code\": \"IN_TRANSIT\", \"time\": \"2024-07-1%dT10:00:00Z\"}".formatted(i % 10));
            }
            byte[] body = utf8("{\"carrier\": \"acs\", \"trackingNumber\": \"7209912345\", \"events\": [" + events + "]}");

            mvc.perform(Signed.webhook("generic", GENERIC_SECRET, body))
                    .andExpect(status().isPayloadTooLarge())
                    .andExpect(jsonPath("$.type").value("too_large"))
                    .andExpect(jsonPath("$.field").value("events"));
            assertThat(rejectedEvents()).singleElement().extracting(RejectedEvent::getReason).isEqualTo(RejectionReason.TOO_LARGE);
        }

        @Test
        void unknownProviderIs404InTheEnvelope() throws Exception {
            mvc.perform(Signed.webhook("dhl-direct", "whatever", utf8("{}")))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.success").value(false));
        }
    }

    @Nested
    class WhenKafkaDoesNotAcknowledge {

        @Test
        void aFailingBrokerGives503WithRetryAfterAndTheSameRequestCanBeSentAgain() throws Exception {
            long now = Instant.now().getEpochSecond();
            byte[] body = utf8(Payloads.carriyo("3456789099"));
            kafka.get().sendException = new TimeoutException("Topic tracking.raw.v1 not present in metadata after 1000 ms.");

            mvc.perform(Signed.webhook("carriyo", CARRIYO_SECRET, body, now))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().string("Retry-After", "7"))
                    .andExpect(jsonPath("$.status").value(503))
                    .andExpect(jsonPath("$.type").value("broker_unavailable"));

            kafka.get().sendException = null;
            mvc.perform(Signed.webhook("carriyo", CARRIYO_SECRET, body, now)).andExpect(status().isAccepted());
            assertThat(rawEvents()).hasSize(1);
        }

        @Test
        void aBrokerThatNeverAnswersGives503WithinThePublishTimeout() throws Exception {
            kafka.set(MockKafka.producer(false));
            long start = System.nanoTime();

            mvc.perform(Signed.webhook("generic", GENERIC_SECRET, utf8(Payloads.generic("acs", "7209900001"))))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().exists("Retry-After"));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(4_900), Duration.ofSeconds(30));
        }

        @Test
        void aRejectionThatCannotBeStoredIs503SoTheSenderRetries() throws Exception {
            kafka.get().sendException = new TimeoutException("broker down");

            mvc.perform(Signed.webhook("generic", GENERIC_SECRET, utf8("{\"carrier\": \"acs\"}")))
                    .andExpect(status().isServiceUnavailable());
        }
    }
}
