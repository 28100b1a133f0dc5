package io.trackstream.ingest.broker;

import static io.trackstream.carriers.fixtures.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;

import io.trackstream.ingest.fixtures.Signed;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * An instance started while the broker is down has no metadata to fall back on: every send blocks for it. A webhook
 * of 100 events, and a registration, are still a 503 with Retry-After within the one deadline of the request (2 s
 * here), not one wait per record.
 */
@SpringBootTest(properties = {
        "trackstream.schema-registry-url=mock://webhook-ingest-no-broker",
        "trackstream.ingest.webhooks.generic.secret=" + DeadlineWithoutBrokerTest.SECRET,
        "trackstream.ingest.request-timeout=2s",
        "trackstream.ingest.publish.retry-after=3s",
        "trackstream.security.app-tokens[0].token=app_store1_writer_token",
        "trackstream.security.app-tokens[0].tenant=store-1",
        "trackstream.security.app-tokens[0].scopes=WRITE_SHIPPING",
})
@AutoConfigureMockMvc
class DeadlineWithoutBrokerTest {

    static final String SECRET = "no-broker-secret";
    private static final Duration DEADLINE = Duration.ofSeconds(2);

    @Autowired
    MockMvc mvc;

    @DynamicPropertySource
    static void noBroker(DynamicPropertyRegistry registry) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + closedPort);
    }

    @Test
    void aWebhookOfAHundredEventsIsA503WithinTheRequestsDeadline() throws Exception {
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            events.append(i == 0 ? "" : ",").append("{\"code\": \"IN_TRANSIT\", \"time\": \"2024-07-15T10:")
                    .append(String.format("%02d", i % 60)).append(":00Z\", \"text\": \"ΣΕ ΜΕΤΑΦΟΡΑ ").append(i).append("\"}");
        }
        byte[] body = utf8("{\"carrier\": \"acs\", \"trackingNumber\": \"7209900100\", \"events\": [" + events + "]}");

        long start = System.nanoTime();
        MockHttpServletResponse answer = mvc.perform(Signed.webhook("generic", SECRET, body)).andReturn().getResponse();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeader("Retry-After")).isEqualTo("3");
        assertThat(answer.getContentAsString()).contains("\"broker_unavailable\"");
        assertThat(took).isLessThan(DEADLINE.plusMillis(700));
    }

    @Test
    void aRegistrationIsA503WithinTheDeadlineToo() throws Exception {
        long start = System.nanoTime();
        MockHttpServletResponse answer = mvc.perform(MockMvcRequestBuilders.post("/shipments")
                        .contentType(MediaType.APPLICATION_JSON).header(HttpHeaders.AUTHORIZATION, "Bearer app_store1_writer_token")
                        .content(utf8(io.trackstream.ingest.fixtures.Registrations.registration("shp-nb", "ZU1GR"))))
                .andReturn().getResponse();

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeader("Retry-After")).isEqualTo("3");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.plusMillis(700));
    }
}
