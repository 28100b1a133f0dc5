package io.trackstream.processor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.fixtures.HostileRequests;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.processor.testing.KitSupport;
import io.trackstream.processor.testing.Seeds;
import io.trackstream.testkit.broker.BrokerKit;

/**
 * The whole app on a real broker: events in, and the read API answering from the real state stores with tenant
 * isolation, the metrics on /actuator/prometheus and the OpenAPI document.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "trackstream.security.app-tokens[0].token=app_athens_reader",
        "trackstream.security.app-tokens[0].tenant=store-athens",
        "trackstream.security.app-tokens[0].scopes=READ_SHIPPING",
        "trackstream.security.app-tokens[1].token=app_thessaloniki_reader",
        "trackstream.security.app-tokens[1].tenant=store-thessaloniki",
        "trackstream.security.app-tokens[1].scopes=READ_SHIPPING",
        "trackstream.security.app-tokens[2].token=app_operator",
        "trackstream.security.app-tokens[2].tenant=ops",
        "trackstream.security.app-tokens[2].scopes=OPERATE",
        "trackstream.processor.health.stall-timeout=PT3S",
        "trackstream.processor.health.sample-interval=PT1S",
        "spring.kafka.streams.application-id=app-test",
        "trackstream.processor.shipment-gauge-interval=PT1S",
        // reloads on request only here, so that each request below finds the files it wrote
        "trackstream.processor.mapping-check-interval=PT0S"})
@DirtiesContext // closed after the class, and with it the broker (BrokerClosedAfterTheApp)
class ProcessorAppTest {

    private static final BrokerKit KIT = KitSupport.start(1);
    private static final String TRACKING = "ZU500011420GR";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Path mappings;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry properties) throws Exception {
        Path state = Files.createTempDirectory("app-test-state");
        properties.add("spring.kafka.bootstrap-servers", KIT::bootstrapServers);
        properties.add("trackstream.schema-registry-url", KIT::schemaRegistryUrl);
        properties.add("spring.kafka.streams.state-dir", state::toString);
        mappings = Files.createTempDirectory("app-test-mappings");
        Files.writeString(mappings.resolve("acs.yml"), "provider: generic/acs\nstatuses:\n  ΠΑΡΑΔΟΘΗΚΕ: DELIVERED\n");
        properties.add("trackstream.processor.mapping-directory", mappings::toString);
    }

    /**
     * The broker and registry close with the app's context, after its lifecycle has stopped: Kafka Streams leaves its
     * group in a second while the broker is up, but waits half a minute for a broker that is gone.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class BrokerClosedAfterTheApp {
        @Bean
        DisposableBean closeBrokerAndRegistry() {
            return KIT::close;
        }
    }

    @Test
    void servesShipmentsFromTheRealStoresToTheirOwnTenantOnlyAndExposesMetricsAndOpenApi() throws Exception {
        // Given a registered Shiplemon shipment whose whole history is polled twice, plus an event with an unknown code
        Instant now = Instant.now();
        try (KafkaProducer<String, SpecificRecord> producer = KitSupport.producer(KIT)) {
            ShipmentRegistration registration = Seeds.registration("shp-app-1", "elta", "shiplemon", TRACKING)
                    .setOrderId("order-app-1").setRegisteredAt(now).setUpdatedAt(now).build();
            producer.send(new ProducerRecord<>("shipments.registrations.v1", "shp-app-1", registration));
            for (int poll = 0; poll < 2; poll++) {
                for (RawTrackingEvent event : Seeds.shiplemonDeliveredHistory(TRACKING, now.plusSeconds(poll))) {
                    producer.send(new ProducerRecord<>("tracking.raw.v1", "elta:" + TRACKING, event));
                }
            }
            RawTrackingEvent unknown = Seeds.courierSync("ups", "1ZAPP0000000001", "teleported", null, now).setReceivedTime(now).build();
            producer.send(new ProducerRecord<>("tracking.raw.v1", "ups:1ZAPP0000000001", unknown));
        }

        // Every public topic the processor writes has its value schema under its own subject, shipments.v1 included
        // (its records reuse bytes encoded for the store's changelog, registered under the changelog's subject)
        for (String topic : List.of("shipments.v1", "shipments.status-changes.v1", "shipments.parcel-changes.v1",
                "orders.auto-close.v1", "tracking.poll-targets.v1", "tracking.raw.rejected.v1")) {
            assertThat(KitSupport.hasSubject(KIT, topic + "-value")).as(topic + "-value").isTrue();
        }

        // Then its owner reads it, delivered, with the Greek history verbatim
        await("shipment delivered in the store").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> get("/v1/shipments/shp-app-1", "app_athens_reader").body().contains("\"status\":\"DELIVERED\""));
        HttpResponse<String> parcel = get("/v1/parcels/elta/" + TRACKING, "app_athens_reader");
        assertThat(parcel.statusCode()).isEqualTo(200);
        assertThat(parcel.body()).contains("ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ", "\"shipmentId\":\"shp-app-1\"");
        assertThat(get("/v1/shipments?orderId=order-app-1", "app_athens_reader").body()).contains("\"id\":\"shp-app-1\"");
        // the shipment record carries the parcel's latest event only; the API joins the parcel table's whole history
        assertThat(get("/v1/shipments/shp-app-1", "app_athens_reader").body())
                .contains("ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ", "ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ");

        // and another store sees nothing of it
        HttpResponse<String> foreign = get("/v1/shipments/shp-app-1", "app_thessaloniki_reader");
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain(TRACKING).contains("\"success\":false");
        assertThat(get("/v1/parcels/elta/" + TRACKING, "app_thessaloniki_reader").statusCode()).isEqualTo(404);
        assertThat(get("/v1/shipments?orderId=order-app-1", "app_thessaloniki_reader").body()).contains("\"data\":[]");
        assertThat(get("/v1/shipments/shp-app-1", null).statusCode()).isEqualTo(401);
        // a tracking number with an encoded '/' reaches the API (an answer in the envelope, not the server's 400)
        HttpResponse<String> slashed = get("/v1/parcels/elta/ZU%2F500", "app_athens_reader");
        assertThat(slashed.statusCode()).isEqualTo(404);
        assertThat(slashed.body()).contains("\"success\":false", "ZU/500");

        // and the metrics tell what happened
        await("metrics").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = get("/actuator/prometheus", null).body();
            assertThat(metrics)
                    .containsPattern("trackstream_processor_events_in_total\\{[^}]*provider=\"shiplemon\"[^}]*source=\"poll\"[^}]*\\} 6\\.0")
                    .containsPattern("trackstream_processor_events_duplicates_total\\{[^}]*provider=\"shiplemon\"[^}]*\\} 3\\.0")
                    .containsPattern("trackstream_processor_events_unmapped_total\\{[^}]*provider=\"courier-sync\"[^}]*\\} 1\\.0")
                    .containsPattern("trackstream_processor_shipment_transitions_total\\{[^}]*to=\"DELIVERED\"[^}]*\\} 1\\.0")
                    .containsPattern("trackstream_processor_shipments\\{[^}]*status=\"DELIVERED\"[^}]*\\} 1\\.0")
                    .containsPattern("trackstream_processor_shipments\\{[^}]*status=\"IN_TRANSIT\"[^}]*\\} 0\\.0")
                    .contains("trackstream_processor_latency_event_time_seconds_bucket",
                            "trackstream_processor_latency_received_time_seconds_bucket",
                            "trackstream_processor_auto_close_total",
                            "kafka_stream_thread_process_total");
        });

        // and the API is described
        HttpResponse<String> openApi = get("/v3/api-docs", null);
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(openApi.body()).contains("/v1/shipments/{shipmentId}", "/v1/parcels/{carrier}/{trackingNumber}", "AppToken");
    }

    @Test
    void probesAreUpWhileTheTasksKeepUpAndOnlyAnOperatorSeesTheDetails() throws Exception {
        // Given events that flow through every task, and more time than the stall timeout (3 s) after them
        Instant now = Instant.now();
        try (KafkaProducer<String, SpecificRecord> producer = KitSupport.producer(KIT)) {
            ShipmentRegistration registration = Seeds.registration("shp-app-2", "elta", "shiplemon", "ZU500011421GR")
                    .setOrderId("order-app-2").setRegisteredAt(now).setUpdatedAt(now).build();
            producer.send(new ProducerRecord<>("shipments.registrations.v1", "shp-app-2", registration));
            for (RawTrackingEvent event : Seeds.shiplemonDeliveredHistory("ZU500011421GR", now)) {
                producer.send(new ProducerRecord<>("tracking.raw.v1", "elta:ZU500011421GR", event));
            }
        }
        await("shipment delivered").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> get("/v1/shipments/shp-app-2", "app_athens_reader").body().contains("\"status\":\"DELIVERED\""));
        Instant applied = Instant.now();

        // Then liveness and readiness stay UP past the stall timeout: no partition with lag is left behind
        await("past the stall timeout").atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(Duration.between(applied, Instant.now())).isGreaterThan(Duration.ofSeconds(4));
            assertThat(get("/actuator/health/readiness", null).body()).isEqualTo("{\"status\":\"UP\"}");
        });
        assertThat(get("/actuator/health/liveness", null).body()).isEqualTo("{\"status\":\"UP\"}");

        // and an anonymous caller (or a reader) sees the status only
        for (String token : new String[] {null, "app_athens_reader", "app_forged"}) {
            assertThat(get("/actuator/health", token).body()).as("token %s", token)
                    .isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");
        }

        // while an operator sees the components: Streams running, no stalled partition, no thread replaced
        HttpResponse<String> operator = get("/actuator/health/readiness", "app_operator");
        assertThat(operator.statusCode()).isEqualTo(200);
        assertThat(operator.body()).contains("\"streams\":{", "\"state\":\"RUNNING\"", "StreamThread-1\":\"RUNNING\"",
                "\"streamsProgress\":{", "\"stalledPartitions\":[]", "\"sinceStart\":0").doesNotContain("DOWN");
        assertThat(get("/actuator/prometheus", null).body())
                .containsPattern("trackstream_processor_stalled_partitions\\{[^}]*\\} 0\\.0")
                .containsPattern("trackstream_processor_stream_thread_replacements_total\\{[^}]*\\} 0\\.0")
                .as("the alert rules' 5xx share").contains("http_server_requests_seconds_count");
    }

    @Test
    void anOperatorReloadsTheMappingTablesAndBrokenTablesAreRefused() throws Exception {
        String running = field(get("/actuator/mappingtables", null).body(), "digest");
        assertThat(get("/actuator/prometheus", null).body()).contains("trackstream_processor_mappings_info{", "digest=\"" + running + "\"");

        // only an operator reloads
        assertThat(post("/actuator/mappingtables", null).statusCode()).isEqualTo(403);
        assertThat(post("/actuator/mappingtables", "app_athens_reader").statusCode()).isEqualTo(403);

        // a broken table is refused, and the running tables stay
        Files.writeString(mappings.resolve("acs.yml"), "provider: generic/acs\nstatuses:\n  ΠΑΡΑΔΟΘΗΚΕ: DELIVERD\n");
        HttpResponse<String> refused = post("/actuator/mappingtables", "app_operator");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("\"outcome\":\"REFUSED\"", "DELIVERD", "\"digest\":\"" + running + "\"");
        assertThat(get("/actuator/prometheus", null).body()).containsPattern("trackstream_processor_mappings_reload_refused\\{[^}]*\\} 1\\.0")
                .contains("digest=\"" + running + "\"");

        // a mended one runs from now on, and the info gauge names it
        Files.writeString(mappings.resolve("acs.yml"), "provider: generic/acs\nstatuses:\n  ΠΑΡΑΔΟΘΗΚΕ: DELIVERED\n  ΣΕ_ΜΕΤΑΦΟΡΑ: IN_TRANSIT\n");
        HttpResponse<String> reloaded = post("/actuator/mappingtables", "app_operator");
        assertThat(reloaded.statusCode()).isEqualTo(200);
        assertThat(reloaded.body()).contains("\"outcome\":\"RELOADED\"", "\"previousDigest\":\"" + running + "\"");
        String now = field(get("/actuator/mappingtables", null).body(), "digest");
        assertThat(now).isNotEqualTo(running).isEqualTo(field(reloaded.body(), "digest"));
        assertThat(get("/actuator/prometheus", null).body()).contains("digest=\"" + now + "\"").doesNotContain("digest=\"" + running + "\"")
                .containsPattern("trackstream_processor_mappings_reload_refused\\{[^}]*\\} 0\\.0");
    }

    private static String field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * No 500 for a caller's mistake anywhere, actuator included: 10,000 hostile requests (HostileRequests, over real
     * HTTP through Tomcat) at the read API, the actuator and the OpenAPI document get no 5xx, and a valid read is
     * answered after. Waits for the streams to serve first, so a 503 of a store still loading cannot hide anything.
     */
    @Test
    void tenThousandHostileRequestsGetNo5xxAndAValidReadIsAnsweredAfterwards() throws Exception {
        await("the read API serves").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> get("/v1/shipments/none-yet", "app_athens_reader").statusCode() == 404);
        List<HostileRequests.Endpoint> endpoints = List.of(
                new HostileRequests.Endpoint("GET", "/v1/shipments/{shipmentId}"), new HostileRequests.Endpoint("GET", "/v1/shipments"),
                new HostileRequests.Endpoint("GET", "/v1/parcels/{carrier}/{trackingNumber}"),
                new HostileRequests.Endpoint("GET", "/actuator/health", 1), new HostileRequests.Endpoint("GET", "/actuator/health/{component}"),
                new HostileRequests.Endpoint("GET", "/actuator/info"), new HostileRequests.Endpoint("GET", "/actuator/prometheus", 1),
                new HostileRequests.Endpoint("GET", "/actuator/metrics", 1), new HostileRequests.Endpoint("GET", "/actuator/metrics/{name}"),
                new HostileRequests.Endpoint("GET", "/actuator/{endpoint}"), new HostileRequests.Endpoint("GET", "/v3/api-docs", 1),
                new HostileRequests.Endpoint("GET", "/{anything}"));
        List<HostileRequests.Request> requests = HostileRequests.generate(endpoints, 10_000, 18L,
                List.of("app_athens_reader", "app_thessaloniki_reader", "app_operator"), null);

        List<String> failures = HostileRequests.fiveHundreds(requests, HostileRequests.overHttp(HTTP, "http://localhost:" + port), 4);

        assertThat(failures).as("requests answered 5xx").isEmpty();
        HttpResponse<String> health = get("/actuator/health/nope", null);
        assertThat(health.statusCode()).isEqualTo(404);
        assertThat(get("/v1/shipments?orderId=order-none", "app_athens_reader").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
