package io.trackstream.pollers.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.trackstream.avro.Shipment;
import io.trackstream.fixtures.HostileRequests;
import io.trackstream.fixtures.HostileRequests.Endpoint;
import io.trackstream.pollers.shipments.ShipmentReadModel;
import io.trackstream.pollers.support.BrokerTestSupport;
import io.trackstream.pollers.support.Shipments;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * No 500 for a caller's mistake anywhere, actuator included: 10,000 hostile requests (HostileRequests) at both sync
 * endpoints, the actuator and the OpenAPI document get no 5xx, and a valid sync is answered after. Shares the broker
 * tests' context; the shipments view is loaded, so a 503 "starting" cannot hide anything.
 */
class HostileRequestsTest extends BrokerTestSupport {

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/shipping/shipments/sync"), new Endpoint("POST", "/shipments/{shipmentId}/sync"),
            new Endpoint("GET", "/actuator/health", 1), new Endpoint("GET", "/actuator/health/{component}"),
            new Endpoint("GET", "/actuator/info"), new Endpoint("GET", "/actuator/prometheus", 1),
            new Endpoint("GET", "/actuator/metrics", 1), new Endpoint("GET", "/actuator/metrics/{name}"),
            new Endpoint("GET", "/actuator/{endpoint}"), new Endpoint("GET", "/v3/api-docs", 1), new Endpoint("GET", "/{anything}"));

    @Autowired
    MockMvc mvc;

    @Autowired
    WebApplicationContext context;

    @Autowired
    ShipmentReadModel shipments;

    @Test
    void tenThousandHostileRequestsGetNo5xxAndAValidSyncIsAnsweredAfterwards() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(shipments::caughtUp);
        List<HostileRequests.Request> requests = HostileRequests.generate(ENDPOINTS, 10_000, 18L,
                List.of(STORE1_READ, STORE1_WRITE_ONLY, STORE2_READ), null);

        List<String> failures = HostileRequests.fiveHundreds(requests, this::send, 4);

        assertThat(failures).as("requests answered 5xx").isEmpty();
        try (KafkaProducer<String, Shipment> producer = shipmentProducer()) {
            send(producer, SHIPMENTS, "hostile-1", Shipments.shipment("hostile-1", "store-1", "order-hostile-1", "carriyo", null,
                    "aramex", "AX918").version(3).build());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> shipments.find("hostile-1").isPresent());
        mvc.perform(MockMvcRequestBuilders.get("/shipping/shipments/sync").param("orderId", "order-hostile-1")
                        .header("Authorization", "Bearer " + STORE1_READ))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.success").value(true));
    }

    /** As webhook-ingest's HostileRequestsTest sends them (MockMvc, the same harness-only adjustment). */
    int send(HostileRequests.Request request) {
        MockHttpServletRequestBuilder builder = MockMvcRequestBuilders.request(HttpMethod.valueOf(request.method()), URI.create(request.uri()));
        HostileRequests.forMockMvc(request.headers()).forEach((name, value) -> {
            try {
                builder.header(name, value);
            } catch (RuntimeException notForMockMvc) {
                // a header the mock request cannot hold; Tomcat would pass it through
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
