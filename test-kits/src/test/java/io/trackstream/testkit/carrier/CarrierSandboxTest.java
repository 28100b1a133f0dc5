package io.trackstream.testkit.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CarrierSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private CarrierSandbox sandbox;

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void shiplemonServesTheWholeGreekHistoryNewestFirstAsTheShipmentLivesOn() throws Exception {
        DemoScenario scenario = DemoScenario.generate(8, 60, 7, clock);
        sandbox = new CarrierSandbox(scenario, 0, 0);
        DemoShipment elta = scenario.shipments().stream().filter(s -> s.provider().equals("shiplemon")).findFirst().orElseThrow();
        String url = sandbox.baseUrl("shiplemon") + "/public/v1/shipments/" + elta.providerReference() + "/tracking";

        JsonNode early = get(url, "x-api-key", CarrierSandbox.SHIPLEMON_API_KEY).path("data");
        clock.advance(Duration.ofMinutes(4)); // 4 real minutes at speed 60: four simulated hours, the whole life
        JsonNode late = get(url, "x-api-key", CarrierSandbox.SHIPLEMON_API_KEY).path("data");

        assertThat(early.path("tracking_history")).hasSize(1);
        assertThat(early.path("tracking_history").get(0).path("status_details").asText()).isEqualTo("ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ");
        assertThat(late.path("tracking_status").asText()).isEqualTo("DELIVERED");
        assertThat(late.path("tracking_ref").asText()).isEqualTo(elta.parcels().get(0).trackingNumber());
        List<Instant> dates = new ArrayList<>();
        late.path("tracking_history").forEach(e -> dates.add(Instant.parse(e.path("status_date").asText())));
        assertThat(dates).hasSizeGreaterThanOrEqualTo(5).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void answersWithTheSeedsErrorShapes() throws Exception {
        DemoScenario scenario = DemoScenario.generate(8, 60, 7, clock);
        sandbox = new CarrierSandbox(scenario, 0, 0);

        HttpResponse<String> noKey = send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl("shiplemon") + "/public/v1/shipments/x/tracking")).GET().build());
        HttpResponse<String> badCredentials = send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl("courier-sync") + "/shipments/ship_x/sync"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("trackstream:wrong".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl("courier-sync") + "/shipments/ship_unknown/sync"))
                .header("Authorization", basic()).POST(HttpRequest.BodyPublishers.noBody()).build());
        HttpResponse<String> noToken = send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl("salesive") + "/shipping/shipments/sync?orderId=1")).GET().build());

        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(badCredentials.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(badCredentials.body()).at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).at("/error/type").asText()).isEqualTo("not_found_error");
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(noToken.body()).path("message").asText()).isEqualTo("Authentication required");
        // Only the call that got past authentication counts as a call.
        assertThat(sandbox.calls()).extracting(CarrierSandbox.Call::reference).containsExactly("ship_unknown");
    }

    @Test
    void courierSyncAndSalesiveReportTheCurrentStatusAndEveryNthCallIsThrottled() throws Exception {
        DemoScenario scenario = DemoScenario.generate(8, 60, 7, clock);
        sandbox = new CarrierSandbox(scenario, 0, 3);
        DemoShipment ups = scenario.shipments().stream().filter(s -> s.provider().equals("courier-sync") && s.polled()).findFirst().orElseThrow();
        DemoShipment dhl = scenario.shipments().stream().filter(s -> s.provider().equals("salesive")).findFirst().orElseThrow();
        clock.advance(Duration.ofMinutes(4));
        HttpRequest sync = HttpRequest.newBuilder(URI.create(sandbox.baseUrl("courier-sync") + "/shipments/" + ups.providerReference() + "/sync"))
                .header("Authorization", basic()).POST(HttpRequest.BodyPublishers.noBody()).build();

        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < 3; i++) {
            last = send(sync);
            statuses.add(last.statusCode());
        }
        JsonNode salesive = get(sandbox.baseUrl("salesive") + "/shipping/shipments/sync?orderId=" + dhl.orderId(), "Authorization", "Bearer " + CarrierSandbox.SALESIVE_TOKEN);

        assertThat(statuses).containsExactly(200, 200, 429);
        assertThat(last.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(last.body()).at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(sandbox.throttled("courier-sync")).isEqualTo(1);
        assertThat(salesive.path("success").asBoolean()).isTrue();
        assertThat(salesive.at("/data/status").asText()).isEqualTo("delivered");
        assertThat(salesive.at("/data/metadata/label_details/status").asText()).isEqualTo("delivered");
        // Every authenticated call is recorded with its reference, the throttled one too.
        assertThat(sandbox.calls()).extracting(CarrierSandbox.Call::provider, CarrierSandbox.Call::reference).containsExactly(
                tuple("courier-sync", ups.providerReference()), tuple("courier-sync", ups.providerReference()),
                tuple("courier-sync", ups.providerReference()), tuple("salesive", dhl.orderId()));
    }

    private JsonNode get(String url, String header, String value) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url)).header(header, value).GET().build());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((CarrierSandbox.COURIER_SYNC_USER + ":" + CarrierSandbox.COURIER_SYNC_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
