package io.trackstream.testkit.carrier;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ShipmentRegistrarTest {

    @RegisterExtension
    static WireMockExtension ingest = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DemoScenario scenario = DemoScenario.generate(5, 60, 7,
            Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void registersEveryShipmentWithTheDemoTokenAsDocumentedWaitingForWebhookIngestToComeUp() throws Exception {
        ingest.stubFor(post(urlPathEqualTo("/shipments")).inScenario("start").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        ingest.stubFor(post(urlPathEqualTo("/shipments")).inScenario("start").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(202)));

        int registered;
        try (IngestClient client = new IngestClient(URI.create(ingest.baseUrl()))) {
            registered = new ShipmentRegistrar(client, "app_demo-ingest-token").registerAll(scenario.shipments());
        }

        List<LoggedRequest> requests = ingest.findAll(postRequestedFor(urlPathEqualTo("/shipments")));
        assertThat(registered).isEqualTo(5);
        assertThat(requests).hasSize(6).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer app_demo-ingest-token"));
        JsonNode polled = JSON.readTree(requests.get(1).getBody());
        assertThat(polled.path("shipmentId").asText()).isEqualTo("demo-0001");
        assertThat(polled.path("provider").asText()).isEqualTo("shiplemon");
        assertThat(polled.path("providerReference").asText()).isEqualTo("sl-demo-0001");
        assertThat(polled.path("polled").asBoolean()).isTrue();
        assertThat(polled.has("tenant")).as("the tenant comes from the token").isFalse();
        assertThat(polled.at("/attributes/shop.orderId").asText()).isEqualTo("100001");
        JsonNode webhookOnly = JSON.readTree(requests.get(4).getBody());
        assertThat(webhookOnly.path("polled").asBoolean()).isFalse();
        assertThat(webhookOnly.path("parcels")).hasSize(2);
        assertThat(webhookOnly.at("/parcels/1/labelId").asText()).isEqualTo("2");
    }

    @Test
    void aRefusedRegistrationStopsTheDemoWithWebhookIngestsAnswer() {
        ingest.stubFor(post(urlPathEqualTo("/shipments")).willReturn(aResponse().withStatus(401)
                .withBody("{\"status\":401,\"type\":\"invalid_token\"}")));

        try (IngestClient client = new IngestClient(URI.create(ingest.baseUrl()))) {
            assertThatThrownBy(() -> new ShipmentRegistrar(client, "app_wrong").registerAll(scenario.shipments()))
                    .hasMessageContaining("demo-0001").hasMessageContaining("HTTP 401").hasMessageContaining("invalid_token");
        }
    }
}
