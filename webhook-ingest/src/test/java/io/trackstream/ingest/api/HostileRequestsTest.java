package io.trackstream.ingest.api;

import static io.trackstream.ingest.fixtures.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.trackstream.fixtures.HostileRequests;
import io.trackstream.fixtures.HostileRequests.Endpoint;
import io.trackstream.ingest.fixtures.Payloads;
import io.trackstream.ingest.fixtures.Signed;
import io.trackstream.ingest.security.WebhookSigner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * No 500 for a caller's mistake anywhere, actuator included: 10,000 hostile requests (HostileRequests: malformed and
 * deep JSON, invalid UTF-8, NUL bytes, huge numbers, duplicate keys, oversize bodies, wrong content types, garbage
 * and valid tokens, correctly signed garbage) at every endpoint get no 5xx, and a valid webhook is accepted after.
 */
class HostileRequestsTest extends MockKafkaWebTest {

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/webhooks/shiplemon"), new Endpoint("POST", "/webhooks/courier-sync"),
            new Endpoint("POST", "/webhooks/carriyo"), new Endpoint("POST", "/webhooks/generic"),
            new Endpoint("POST", "/webhooks/{provider}"), new Endpoint("POST", "/shipments"),
            new Endpoint("PUT", "/shipments/{shipmentId}"), new Endpoint("GET", "/actuator/health", 1),
            new Endpoint("GET", "/actuator/health/{component}"), new Endpoint("GET", "/actuator/info"),
            new Endpoint("GET", "/actuator/prometheus", 1), new Endpoint("GET", "/actuator/metrics", 1),
            new Endpoint("GET", "/actuator/metrics/{name}"), new Endpoint("GET", "/actuator/{endpoint}"),
            new Endpoint("GET", "/v3/api-docs", 1), new Endpoint("GET", "/{anything}"));

    private static final Map<String, String> SECRETS = Map.of("/webhooks/shiplemon", SHIPLEMON_SECRET,
            "/webhooks/courier-sync", COURIER_SYNC_SECRET, "/webhooks/carriyo", CARRIYO_SECRET, "/webhooks/generic", GENERIC_SECRET);

    @Autowired
    WebApplicationContext context;

    @Test
    void tenThousandHostileRequestsGetNo5xxAndAValidWebhookIsAcceptedAfterwards() throws Exception {
        List<HostileRequests.Request> requests = HostileRequests.generate(ENDPOINTS, 10_000, 18L,
                List.of(STORE1_WRITER, STORE1_READER, STORE2_WRITER), HostileRequestsTest::signed);

        List<String> failures = HostileRequests.fiveHundreds(requests, this::send, 4);

        assertThat(failures).as("requests answered 5xx").isEmpty();
        mvc.perform(Signed.webhook("shiplemon", SHIPLEMON_SECRET, utf8(Payloads.shiplemon("ZU918000001GR"))))
                .andExpect(status().isAccepted());
    }

    /** A correctly signed body for the webhook endpoints (garbage or not: the signature is right). */
    private static Map<String, String> signed(String path, byte[] body) {
        String secret = SECRETS.getOrDefault(path, "not-a-secret");
        long now = Instant.now().getEpochSecond();
        return Map.of(WebhookSigner.TIMESTAMP_HEADER, Long.toString(now), WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(secret, now, body));
    }

    /**
     * Through the whole app (MockMvc); an exception of the app is a failure. MockMvc resolves the path with the
     * request's charset before the app's filters run, where Tomcat lets Boot's CharacterEncodingFilter force UTF-8
     * first: a Content-Type with an illegal charset name would fail in MockMvc, not in the app, so here it goes
     * without its charset (the processor's run, over real HTTP, sends it as is).
     */
    int send(HostileRequests.Request request) {
        MockHttpServletRequestBuilder builder = MockMvcRequestBuilders.request(HttpMethod.valueOf(request.method()), URI.create(request.uri()));
        HostileRequests.forMockMvc(request.headers()).forEach((name, value) -> {
            try {
                builder.header(name, value);
            } catch (RuntimeException notForMockMvc) {
                // e.g. a Content-Type the mock request cannot parse; Tomcat would pass it through
            }
        });
        if (request.body() != null) {
            builder.content(request.body());
        }
        MockHttpServletRequest built;
        try {
            built = builder.buildRequest(context.getServletContext());
        } catch (RuntimeException notForMockMvc) {
            return 0;
        }
        try {
            return mvc.perform(servletContext -> built).andReturn().getResponse().getStatus();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
