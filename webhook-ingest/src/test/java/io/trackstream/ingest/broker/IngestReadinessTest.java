package io.trackstream.ingest.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.trackstream.testkit.broker.BrokerKit;
import io.trackstream.testkit.broker.BrokerKits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Readiness follows the broker: ready while it is reachable, not ready (503) while it is gone, ready again when it is
 * back; liveness stays UP throughout (a restart would not bring the broker back). Anonymous callers see the status
 * only; an app token with the OPERATE scope sees why.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "trackstream.schema-registry-url=mock://webhook-ingest-readiness",
        "trackstream.ingest.health.broker-check-interval=500ms",
        "trackstream.ingest.health.broker-timeout=2s",
        "trackstream.security.app-tokens[0].token=app_operator",
        "trackstream.security.app-tokens[0].tenant=ops",
        "trackstream.security.app-tokens[0].scopes=OPERATE",
        "trackstream.security.app-tokens[1].token=app_writer",
        "trackstream.security.app-tokens[1].tenant=store-1",
        "trackstream.security.app-tokens[1].scopes=WRITE_SHIPPING",
})
@DirtiesContext
class IngestReadinessTest {

    private static BrokerKit broker;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Generous: the broker's restart and the next check on two busy cores. */
    private static final Duration BUDGET = Duration.ofSeconds(90);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        broker = BrokerKits.start();
        broker.createTopics(1, "tracking.raw.v1", "tracking.raw.rejected.v1", "shipments.registrations.v1");
        registry.add("spring.kafka.bootstrap-servers", broker::bootstrapServers);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void notReadyWhileTheBrokerIsUnreachableAndReadyWhenItIsBack() throws Exception {
        // Given a running broker: ready and live; anonymous callers and other tokens see the status only
        await("ready").atMost(BUDGET).untilAsserted(() -> assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200));
        assertThat(get("/actuator/health/readiness", null).body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/actuator/health/readiness", "app_writer").body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/actuator/health/readiness", "app_operator").body()).contains("\"broker\":{", "\"nodes\":1");

        // When the broker stops
        broker.stop();

        // Then readiness is 503 DOWN, the operator sees the error, and liveness stays UP
        await("not ready").atMost(BUDGET).untilAsserted(() -> assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(503));
        assertThat(get("/actuator/health/readiness", null).body()).isEqualTo("{\"status\":\"DOWN\"}");
        assertThat(get("/actuator/health/readiness", "app_operator").body()).contains("\"broker\":{", "\"error\":\"TimeoutException", "\"status\":\"DOWN\"");
        HttpResponse<String> liveness = get("/actuator/health/liveness", null);
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).isEqualTo("{\"status\":\"UP\"}");

        // When the broker is back, ready again
        broker.start();
        await("ready again").atMost(BUDGET).untilAsserted(() -> assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(200));
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
