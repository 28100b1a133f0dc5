package io.trackstream.notifier.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.util.List;

import io.trackstream.fixtures.HostileRequests;
import io.trackstream.fixtures.HostileRequests.Endpoint;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * No 500 for a caller's mistake anywhere, actuator included: the notifier's HTTP side (actuator, OpenAPI) gets 10,000
 * hostile requests (HostileRequests) and no 5xx, and answers its health after. Its listeners stay stopped and no
 * broker is needed: the HTTP side does not touch Kafka.
 */
@SpringBootTest(properties = {
        "trackstream.schema-registry-url=mock://notifier-hostile",
        "trackstream.notifier.listeners-auto-startup=false",
        "spring.kafka.bootstrap-servers=127.0.0.1:9",
        "spring.kafka.admin.auto-create=false"})
@AutoConfigureMockMvc
class HostileRequestsTest {

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/actuator/health", 1), new Endpoint("GET", "/actuator/health/{component}"),
            new Endpoint("GET", "/actuator/info"), new Endpoint("GET", "/actuator/prometheus", 1),
            new Endpoint("GET", "/actuator/metrics", 1), new Endpoint("GET", "/actuator/metrics/{name}"),
            new Endpoint("GET", "/actuator/{endpoint}"), new Endpoint("POST", "/actuator/{endpoint}"),
            new Endpoint("GET", "/v3/api-docs", 1), new Endpoint("GET", "/{anything}"), new Endpoint("POST", "/{anything}"));

    @Autowired
    MockMvc mvc;

    @Autowired
    WebApplicationContext context;

    @Test
    void tenThousandHostileRequestsGetNo5xxAndTheHealthIsAnsweredAfterwards() throws Exception {
        List<HostileRequests.Request> requests = HostileRequests.generate(ENDPOINTS, 10_000, 18L, List.of(), null);

        List<String> failures = HostileRequests.fiveHundreds(requests, this::send, 4);

        assertThat(failures).as("requests answered 5xx").isEmpty();
        mvc.perform(MockMvcRequestBuilders.get("/actuator/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
        mvc.perform(MockMvcRequestBuilders.get("/actuator/health/nope")).andExpect(status().isNotFound());
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
