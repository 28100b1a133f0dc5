package io.trackstream.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.trackstream.carriers.webhook.WebhookSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The interface the docker-compose service is written against: {@code --sandboxes-only} serves the carrier and order
 * APIs, registers the demo at {@code --ingest-url} with the token of TRACKSTREAM_DEMO_INGEST_TOKEN once webhook-ingest
 * answers, and signs its webhooks with the secrets of TRACKSTREAM_WEBHOOK_SECRET_<PROVIDER>. Webhook-ingest is WireMock.
 */
class SandboxesOnlyModeTest {

    @RegisterExtension
    static WireMockExtension ingest = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void registersTheDemoOnceWebhookIngestIsUpAndSendsItWebhooksSignedWithTheComposeSecrets() throws Exception {
        ingest.stubFor(post(urlPathEqualTo("/shipments")).inScenario("boot").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        ingest.stubFor(post(urlPathEqualTo("/shipments")).inScenario("boot").whenScenarioStateIs("up").willReturn(aResponse().withStatus(202)));
        ingest.stubFor(post(urlPathMatching("/webhooks/.*")).willReturn(aResponse().withStatus(202)));
        LocalStackOptions options = LocalStackOptions.parse("--sandboxes-only", "--carrier-sandbox-port", "0", "--order-sandbox-port", "0",
                "--ingest-url", ingest.baseUrl(), "--shipments", "5", "--speed", "6000", "--summary-interval", "0");
        Map<String, String> environment = Map.of("TRACKSTREAM_DEMO_INGEST_TOKEN", "app_compose-token",
                "TRACKSTREAM_WEBHOOK_SECRET_CARRIYO", "compose-carriyo", "TRACKSTREAM_WEBHOOK_SECRET_COURIER_SYNC", "compose-courier-sync");

        try (LocalStackRun run = LocalStackRun.start(options, environment)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(run.webhooks()).isNotNull()
                    .satisfies(w -> assertThat(w.done()).isTrue()));

            List<LoggedRequest> registrations = ingest.findAll(postRequestedFor(urlPathEqualTo("/shipments")));
            assertThat(registrations).hasSize(6).allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer app_compose-token"));
            assertThat(run.registered()).isEqualTo(5);
            for (String provider : List.of("carriyo", "courier-sync")) {
                List<LoggedRequest> webhooks = ingest.findAll(postRequestedFor(urlPathEqualTo("/webhooks/" + provider)));
                assertThat(webhooks).as(provider).isNotEmpty().allSatisfy(w -> assertThat(w.getHeader(WebhookSigner.SIGNATURE_HEADER))
                        .isEqualTo(WebhookSigner.sign("compose-" + provider, Long.parseLong(w.getHeader(WebhookSigner.TIMESTAMP_HEADER)), w.getBody())));
            }
            HttpResponse<String> tracking = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + run.carriers().port()
                    + "/shiplemon/public/v1/shipments/sl-demo-0001/tracking")).header("x-api-key", "sandbox-shiplemon-key").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tracking.statusCode()).isEqualTo(200);
            assertThat(tracking.body()).contains("ZU500000001GR");
            HttpResponse<String> orders = http.send(HttpRequest.newBuilder(URI.create(run.orders().baseUrl() + "/sandbox/summary")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(orders.body()).contains("ORD-1001", "ORD-1005");
        }
    }
}
