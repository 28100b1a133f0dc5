package io.trackstream.ingest.api;

import static io.trackstream.carriers.fixtures.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.MeterRegistry;
import io.trackstream.carriers.fixtures.Payloads;
import io.trackstream.ingest.fixtures.Signed;
import io.trackstream.ingest.metrics.IngestMetrics;
import io.trackstream.carriers.webhook.WebhookSigner;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class OpenApiAndMetricsTest extends MockKafkaWebTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void theOpenApiDocumentDescribesEveryEndpoint() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.info.title").value("trackstream webhook-ingest"))
                .andExpect(jsonPath("$.paths['/webhooks/shiplemon'].post.summary").value("Shiplemon shipment tracking"))
                .andExpect(jsonPath("$.paths['/webhooks/courier-sync'].post.requestBody.content['application/json']").exists())
                .andExpect(jsonPath("$.paths['/webhooks/carriyo'].post.responses['503']").exists())
                .andExpect(jsonPath("$.paths['/webhooks/generic'].post.parameters[?(@.name == '" + WebhookSigner.SIGNATURE_HEADER + "')]").exists())
                .andExpect(jsonPath("$.paths['/shipments'].post.requestBody.content['application/json'].schema['$ref']")
                        .value("#/components/schemas/ShipmentRegistration"))
                .andExpect(jsonPath("$.paths['/shipments/{shipmentId}'].put").exists())
                .andExpect(jsonPath("$.components.schemas.ShipmentRegistration.properties.tenant").doesNotExist())
                .andExpect(jsonPath("$.components.securitySchemes.AppToken.scheme").value("bearer"));
    }

    @Test
    void requestsRejectionsAndPublishLatencyAreCounted() throws Exception {
        double acceptedBefore = count(IngestMetrics.REQUESTS, "endpoint", "courier-sync", "outcome", "accepted");
        double badSignatureBefore = count(IngestMetrics.REJECTIONS, "endpoint", "courier-sync", "reason", "invalid_signature");
        byte[] body = utf8(Payloads.courierSync("1Z123E45678900077"));

        mvc.perform(Signed.webhook("courier-sync", COURIER_SYNC_SECRET, body)).andExpect(status().isAccepted());
        mvc.perform(Signed.webhook("courier-sync", "wrong", body)).andExpect(status().isUnauthorized());

        assertThat(count(IngestMetrics.REQUESTS, "endpoint", "courier-sync", "outcome", "accepted")).isEqualTo(acceptedBefore + 1);
        assertThat(count(IngestMetrics.REJECTIONS, "endpoint", "courier-sync", "reason", "invalid_signature")).isEqualTo(badSignatureBefore + 1);
        assertThat(meters.get(IngestMetrics.EVENTS_PUBLISHED).tag("provider", "courier-sync").counter().count()).isGreaterThanOrEqualTo(2);
        assertThat(meters.get(IngestMetrics.PUBLISH_LATENCY).tag("target", "raw").tag("outcome", "ok").timer().count()).isPositive();
    }

    private double count(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
