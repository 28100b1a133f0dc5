package io.trackstream.testkit.carrier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.trackstream.carriers.webhook.WebhookSigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The webhook sandbox against a WireMock webhook-ingest, driven tick by tick on a test clock. */
class WebhookSandboxTest {

    @RegisterExtension
    static WireMockExtension ingest = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> SECRETS = Map.of("courier-sync", "cs-secret", "carriyo", "carriyo-secret");

    private final CarrierSandboxTest.MovableClock clock = new CarrierSandboxTest.MovableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private IngestClient client;

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void sendsEveryStepOfEveryWebhookOnlyParcelSignedAsWebhookIngestVerifies() throws Exception {
        ingest.stubFor(post(urlPathMatching("/webhooks/.*")).willReturn(aResponse().withStatus(202)));
        DemoScenario scenario = DemoScenario.generate(5, 60, 7, clock).begin();
        WebhookSandbox sandbox = live(scenario);

        List<LoggedRequest> requests = ingest.findAll(postRequestedFor(urlPathMatching("/webhooks/.*")));

        assertThat(sandbox.done()).isTrue();
        assertThat(requests).hasSize((int) sandbox.counts().delivered());
        Set<String> signatures = new HashSet<>();
        for (LoggedRequest request : requests) {
            String provider = request.getUrl().substring("/webhooks/".length());
            long timestamp = Long.parseLong(request.getHeader(WebhookSigner.TIMESTAMP_HEADER));
            assertThat(request.getHeader(WebhookSigner.SIGNATURE_HEADER)).as("signature of %s", request.getBodyAsString())
                    .isEqualTo(WebhookSigner.sign(SECRETS.get(provider), timestamp, request.getBody()));
            assertThat(signatures.add(request.getHeader(WebhookSigner.SIGNATURE_HEADER))).as("never the same signed request twice").isTrue();
        }
    }

    @Test
    void courierSyncWebhooksCarryEveryCheckpointSoFarWithTheTextsVerbatim() throws Exception {
        ingest.stubFor(post(urlPathMatching("/webhooks/.*")).willReturn(aResponse().withStatus(202)));
        DemoScenario scenario = DemoScenario.generate(5, 60, 7, clock).begin();
        DemoShipment acs = scenario.shipments().get(3);
        live(scenario);

        for (DemoShipment.DemoParcel parcel : acs.parcels()) {
            List<JsonNode> bodies = bodies("courier-sync").stream()
                    .filter(b -> b.at("/msg/tracking_number").asText().equals(parcel.trackingNumber())).toList();
            List<Integer> sizes = bodies.stream().map(b -> b.at("/msg/checkpoints").size()).toList();
            assertThat(sizes).as(parcel.trackingNumber()).contains(1, 2, 3, 4);
            JsonNode last = bodies.get(bodies.size() - 1).path("msg");
            assertThat(last.path("slug").asText()).isEqualTo("acs");
            assertThat(last.path("tag").asText()).isEqualTo("delivered");
            assertThat(last.at("/checkpoints/3/message").asText()).isEqualTo("ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ");
        }
        assertThat(ingest.findAll(postRequestedFor(urlPathEqualTo("/webhooks/courier-sync"))).stream().map(LoggedRequest::getBody)
                .anyMatch(b -> new String(b, StandardCharsets.UTF_8).contains("ΠΡΟΣ ΠΑΡΑΔΟΣΗ"))).isTrue();
    }

    @Test
    void carriyoStatusesArriveOnceMoreAndOutOfOrderAsRealSendersDo() throws Exception {
        ingest.stubFor(post(urlPathMatching("/webhooks/.*")).willReturn(aResponse().withStatus(202)));
        DemoScenario scenario = DemoScenario.generate(5, 60, 7, clock).begin();
        WebhookSandbox sandbox = live(scenario);

        List<JsonNode> carriyo = bodies("carriyo");
        List<String> statuses = carriyo.stream().map(b -> b.at("/post_shipping_info/status").asText()).toList();
        List<Instant> updateDates = carriyo.stream().map(b -> Instant.parse(b.at("/post_shipping_info/update_date").asText())).toList();

        assertThat(statuses).containsSubsequence("booked", "in_transit", "shipped").endsWith("delivered")
                .contains("handed_to_partner");
        assertThat(updateDates).as("an older status after a newer one").isNotEqualTo(updateDates.stream().sorted().toList());
        assertThat(sandbox.counts().outOfOrder()).isPositive();
        assertThat(sandbox.counts().duplicates()).isPositive();
        assertThat(carriyo.get(0).at("/references/partner_order_reference").asText()).isEqualTo("ORD-1005");
        assertThat(carriyo.get(0).at("/carrier_account/carrier").asText()).isEqualTo("ARAMEX");
        // A repeat is the same delivery again, sent later with a new signature.
        List<String> raw = ingest.findAll(postRequestedFor(urlPathEqualTo("/webhooks/carriyo"))).stream().map(LoggedRequest::getBodyAsString).toList();
        assertThat(raw).hasSizeGreaterThan(new HashSet<>(raw).size());
    }

    @Test
    void sendsAgainWhileWebhookIngestIsUnavailableAndGivesUpOnlyOnAFinalRefusal() {
        ingest.stubFor(post(urlPathEqualTo("/webhooks/courier-sync")).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")).willSetStateTo("back"));
        ingest.stubFor(post(urlPathEqualTo("/webhooks/courier-sync")).inScenario("outage").whenScenarioStateIs("back")
                .willReturn(aResponse().withStatus(202)));
        ingest.stubFor(post(urlPathEqualTo("/webhooks/carriyo")).willReturn(aResponse().withStatus(401)
                .withBody("{\"status\":401,\"type\":\"invalid_signature\"}")));
        DemoScenario scenario = DemoScenario.generate(5, 60, 7, clock).begin();
        client = new IngestClient(URI.create(ingest.baseUrl()));
        WebhookSandbox sandbox = new WebhookSandbox(scenario, client, SECRETS, clock);

        sandbox.tick();

        List<LoggedRequest> courierSync = ingest.findAll(postRequestedFor(urlPathEqualTo("/webhooks/courier-sync")));
        // The first step of the ACS shipment's first parcel (its second parcel lags behind): 503, then sent again, 202.
        assertThat(courierSync).hasSize(2);
        assertThat(courierSync.get(1).getBody()).isEqualTo(courierSync.get(0).getBody());
        // Carriyo refuses the signature: retrying the same request cannot help, so it is counted and not sent again.
        assertThat(ingest.findAll(postRequestedFor(urlPathEqualTo("/webhooks/carriyo")))).hasSize(1);
        assertThat(sandbox.counts().refused()).isEqualTo(1);
        assertThat(sandbox.counts().delivered()).isEqualTo(1);
    }

    /** Runs the scenario's whole life, a simulated minute (one real second at speed 60) per tick. */
    private WebhookSandbox live(DemoScenario scenario) {
        client = new IngestClient(URI.create(ingest.baseUrl()));
        WebhookSandbox sandbox = new WebhookSandbox(scenario, client, SECRETS, clock);
        Instant end = clock.instant().plus(scenario.realLifetime()).plusSeconds(5);
        while (clock.instant().isBefore(end)) {
            sandbox.tick();
            clock.advance(Duration.ofSeconds(1));
        }
        sandbox.tick();
        return sandbox;
    }

    private static List<JsonNode> bodies(String provider) throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest request : ingest.findAll(postRequestedFor(urlPathEqualTo("/webhooks/" + provider)))) {
            bodies.add(JSON.readTree(request.getBody()));
        }
        return bodies;
    }
}
