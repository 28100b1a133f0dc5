package io.trackstream.testkit.ordersystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox behaves as the Carriyo and shop-platform seeds document (Carriyo's OAuth2 bearer tokens included), plus
 * idempotency and fault injection.
 */
class OrderSystemSandboxTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DELIVERED = """
            {"references": {"partner_order_reference": "%s"},
             "post_shipping_info": {"status": "delivered", "delivery_date": "2024-07-15T10:02:00Z",
                                    "tracking_no": "1190953890", "carrier_name": "ELTA Courier"}}""";
    private static final String SHIPMENT_CHANGES = """
            {"SynchronizeParameters": false, "SynchronizeShippingLabels": true,
             "LastCarrierUpdate": "2026-04-03T18:26:53.30529+02:00", "CarrierName": "ELTA Courier",
             "DeliveredDate": "2026-04-03T18:26:53.30529+02:00",
             "ShippingLabels": [{"Id": 1, "TrackingCode": "1190953890", "DeliveryStatusId": 4,
                                 "LastCarrierStatus": "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ"}],
             "Id": 5, "TrackingCode": "1190953890", "CreateTimestamp": "2026-04-03T18:26:53.30529+02:00",
             "ShopId": 8, "OrderId": 1001, "CarrierAccountId": 9, "ShipmentStatusId": 4,
             "ShipmentStatus": "Delivered", "IsReturn": false}""";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private OrderSystemSandbox sandbox;
    private String token;

    @BeforeEach
    void start() throws Exception {
        sandbox = OrderSystemSandbox.start(0);
        sandbox.expectCarriyoApiKey("ACME", "key-acme");
        sandbox.expectCarriyoClient("ACME", "client-acme", "secret-acme");
        sandbox.expectShopAuthorization("Bearer shop");
        token = accessToken(tokenRequest("client-acme", "secret-acme"));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void deliveredClosesAnEligibleOrderAndAnswersWithTheOrder() throws Exception {
        sandbox.addCarriyoOrder("ACME", "PO-1", "web");

        HttpResponse<String> response = carriyo(DELIVERED.formatted("PO-1"), "k1");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode order = JSON.readTree(response.body());
        assertThat(order.get("partner_order_reference").asString()).isEqualTo("PO-1");
        assertThat(order.get("status").asString()).isEqualTo("closed");
        assertThat(sandbox.carriyoOrder("ACME", "PO-1")).hasValueSatisfying(o -> {
            assertThat(o.timesClosed()).isEqualTo(1);
            assertThat(o.deliveryDate()).hasToString("2024-07-15T10:02:00Z");
        });
    }

    @Test
    void aRepeatedDeliveredForAClosedOrderReturnsTheUnchangedOrderAndIsCounted() throws Exception {
        sandbox.addCarriyoOrder("ACME", "PO-7", "web");
        HttpResponse<String> first = carriyo(DELIVERED.formatted("PO-7"), "shp-7:delivered");

        HttpResponse<String> again = carriyo(DELIVERED.formatted("PO-7").replace("2024-07-15T10:02:00Z", "2024-07-16T08:00:00Z"),
                "another-key");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).as("the unchanged order, update_date included").isEqualTo(first.body());
        assertThat(sandbox.carriyoOrder("ACME", "PO-7")).hasValueSatisfying(o -> {
            assertThat(o.closed()).isTrue();
            assertThat(o.deliveryDate()).hasToString("2024-07-15T10:02:00Z");
            assertThat(o.timesClosed()).as("the repeated close is still counted").isEqualTo(2);
        });
    }

    @Test
    void anUpdateThatDoesNotQualifyReturnsTheUnchangedOrder() throws Exception {
        CarriyoOrder created = sandbox.addCarriyoOrder("ACME", "PO-8", "web");

        HttpResponse<String> response = carriyo(DELIVERED.formatted("PO-8").replace("\"delivered\"", "\"shipped\""), "k-8");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode order = JSON.readTree(response.body());
        assertThat(order.get("status").asString()).isEqualTo("open");
        assertThat(order.get("update_date").asString()).isEqualTo(created.updateDate().toString());
        assertThat(sandbox.carriyoOrder("ACME", "PO-8")).contains(created);
    }

    @Test
    void anAnswerThatAppliedNothingIsNotReplayedOnceTheCauseIsFixed() throws Exception {
        HttpResponse<String> noOrderYet = carriyo(DELIVERED.formatted("PO-9"), "shp-9:delivered");
        assertThat(noOrderYet.body()).isEmpty();
        sandbox.addCarriyoOrder("ACME", "PO-9", "web");
        HttpResponse<String> afterTheFix = carriyo(DELIVERED.formatted("PO-9"), "shp-9:delivered");

        assertThat(JSON.readTree(afterTheFix.body()).get("status").asString()).isEqualTo("closed");
        assertThat(sandbox.received("shp-9:delivered")).extracting(ReceivedCall::replayed).containsExactly(false, false);

        assertThat(shop("/v1/Orders/1009/Shipments", SHIPMENT_CHANGES.replace("1001", "1009"), "shp-1009:7", "Bearer shop")
                .statusCode()).isEqualTo(404);
        sandbox.addShopOrder(1009);
        assertThat(shop("/v1/Orders/1009/Shipments", SHIPMENT_CHANGES.replace("1001", "1009"), "shp-1009:7", "Bearer shop")
                .statusCode()).as("the stored 404 does not come back").isEqualTo(200);
        assertThat(sandbox.shopUpdates(1009)).hasSize(1);
        assertThat(shop("/v1/Orders/1009/Shipments", SHIPMENT_CHANGES.replace("1001", "1009"), "shp-1009:7", "Bearer shop")
                .statusCode()).isEqualTo(200);
        assertThat(sandbox.shopUpdates(1009)).as("what applied is still replayed").hasSize(1);
    }

    @Test
    void theTokenEndpointIssuesBearerTokensToItsClientsOnly() throws Exception {
        HttpResponse<String> issued = http.send(tokenRequest("client-acme", "secret-acme"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> postedCredentials = send(HttpRequest.newBuilder(URI.create(sandbox.carriyoTokenUri()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=client-acme&client_secret=secret-acme")));
        HttpResponse<String> wrongSecret = http.send(tokenRequest("client-acme", "guess"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrongGrant = send(HttpRequest.newBuilder(URI.create(sandbox.carriyoTokenUri()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=a&password=b")));

        assertThat(issued.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(issued.body());
        assertThat(answer.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(answer.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(postedCredentials.statusCode()).isEqualTo(200);
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrongSecret.body()).get("error").asString()).isEqualTo("invalid_client");
        assertThat(wrongGrant.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(wrongGrant.body()).get("error").asString()).isEqualTo("unsupported_grant_type");
        assertThat(sandbox.carriyoTokensIssued()).isEqualTo(3);
    }

    @Test
    void carriyoWantsABearerTokenItIssuedStillValidAndForTheCallingTenant() throws Exception {
        sandbox.addCarriyoOrder("ACME", "PO-10", "web");
        sandbox.expectCarriyoClient("OTHER", "client-other", "secret-other");
        String othersToken = accessToken(tokenRequest("client-other", "secret-other"));
        sandbox.carriyoTokenLifetime(Duration.ZERO);
        String expired = accessToken(tokenRequest("client-acme", "secret-acme"));

        assertThat(carriyo(DELIVERED.formatted("PO-10"), "k-10", null).statusCode()).isEqualTo(401);
        assertThat(carriyo(DELIVERED.formatted("PO-10"), "k-10", "sbx-made-up").statusCode()).isEqualTo(401);
        assertThat(carriyo(DELIVERED.formatted("PO-10"), "k-10", othersToken).statusCode()).isEqualTo(401);
        assertThat(carriyo(DELIVERED.formatted("PO-10"), "k-10", expired).statusCode()).isEqualTo(401);
        assertThat(sandbox.timesClosed("ACME", "PO-10")).isZero();

        sandbox.revokeCarriyoTokens();
        assertThat(carriyo(DELIVERED.formatted("PO-10"), "k-10").statusCode()).as("revoked").isEqualTo(401);
    }

    @Test
    void shopifyOrdersAreNeverAutoClosed() throws Exception {
        sandbox.addCarriyoOrder("ACME", "PO-2", "Shopify");

        HttpResponse<String> response = carriyo(DELIVERED.formatted("PO-2"), "k2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("status").asString()).isEqualTo("open");
        assertThat(sandbox.timesClosed("ACME", "PO-2")).isZero();
    }

    @Test
    void anUnknownOrderIsAnEmptyOk() throws Exception {
        HttpResponse<String> response = carriyo(DELIVERED.formatted("PO-nope"), "k3");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void anInvalidBodyIsABadRequestNamingTheField() throws Exception {
        HttpResponse<String> noReference = carriyo("{\"post_shipping_info\": {\"status\": \"delivered\"}}", "k4");
        HttpResponse<String> badDate = carriyo("""
                {"references": {"partner_order_reference": "PO-1"},
                 "post_shipping_info": {"status": "delivered", "delivery_date": "yesterday"}}""", "k5");
        HttpResponse<String> notJson = carriyo("ΠΑΡΑΔΟΣΗ", "k6");

        assertThat(noReference.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noReference.body()).get("field").asString()).isEqualTo("references.partner_order_reference");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badDate.body()).get("field").asString()).isEqualTo("post_shipping_info.delivery_date");
        assertThat(notJson.statusCode()).isEqualTo(400);
    }

    @Test
    void wrongOrMissingCredentialsAreUnauthorized() throws Exception {
        HttpRequest wrongKey = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/orders/shipment-status-update"))
                .header("x-api-key", "stolen").header("tenant-id", "ACME").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(DELIVERED.formatted("PO-1"))).build();
        HttpRequest noTenant = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/orders/shipment-status-update"))
                .header("x-api-key", "key-acme").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(DELIVERED.formatted("PO-1"))).build();

        assertThat(http.send(wrongKey, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        assertThat(http.send(noTenant, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void aRepeatedIdempotencyKeyGetsTheSameAnswerAndAppliesNothing() throws Exception {
        sandbox.addCarriyoOrder("ACME", "PO-3", "web");

        HttpResponse<String> first = carriyo(DELIVERED.formatted("PO-3"), "shp-3:delivered");
        HttpResponse<String> again = carriyo(DELIVERED.formatted("PO-3"), "shp-3:delivered");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(sandbox.timesClosed("ACME", "PO-3")).isEqualTo(1);
        assertThat(sandbox.received("shp-3:delivered")).extracting(ReceivedCall::replayed).containsExactly(false, true);

        carriyo(DELIVERED.formatted("PO-3"), "another-key");
        assertThat(sandbox.timesClosed("ACME", "PO-3")).as("a new key is a new close").isEqualTo(2);
    }

    @Test
    void injectedFailuresAnswerWithoutApplyingThenTheSandboxRecovers() throws Exception {
        sandbox.addCarriyoOrder("ACME", "PO-4", "web");
        sandbox.failNext(SandboxApi.CARRIYO, 2, 503);

        assertThat(carriyo(DELIVERED.formatted("PO-4"), "k-4").statusCode()).isEqualTo(503);
        assertThat(sandbox.timesClosed("ACME", "PO-4")).isZero();
        assertThat(carriyo(DELIVERED.formatted("PO-4"), "k-4").statusCode()).isEqualTo(503);
        assertThat(carriyo(DELIVERED.formatted("PO-4"), "k-4").statusCode()).isEqualTo(200);
        assertThat(sandbox.timesClosed("ACME", "PO-4")).isEqualTo(1);
    }

    @Test
    void aDelayedAnswerIsAppliedEvenWhenTheClientGivesUp() throws Exception {
        sandbox.addCarriyoOrder("ACME", "PO-5", "web");
        sandbox.delayNext(SandboxApi.CARRIYO, 1, Duration.ofSeconds(3));

        HttpRequest impatient = carriyoRequest(DELIVERED.formatted("PO-5"), "k-5").timeout(Duration.ofMillis(300)).build();
        assertThatThrownBy(() -> http.send(impatient, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        // On a busy machine the client may give up before the sandbox even read the request: wait for it.
        await().atMost(Duration.ofSeconds(30)).until(() -> sandbox.timesClosed("ACME", "PO-5") == 1);

        HttpResponse<String> retry = carriyo(DELIVERED.formatted("PO-5"), "k-5");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(sandbox.timesClosed("ACME", "PO-5")).isEqualTo(1);
    }

    @Test
    void shopPutAppliesTheShipmentToAKnownOrder() throws Exception {
        sandbox.addShopOrder(1001);

        HttpResponse<String> response = shop("/v1/Orders/1001/Shipments", SHIPMENT_CHANGES, "shp-1001:7", "Bearer shop");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(sandbox.shopUpdates(1001)).singleElement().satisfies(u -> {
            assertThat(u.shipmentStatusId()).isEqualTo(4);
            assertThat(u.shipmentId()).isEqualTo(5);
            assertThat(u.shippingLabels()).isEqualTo(1);
            assertThat(u.body()).contains("ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ");
        });
        shop("/v1/Orders/1001/Shipments", SHIPMENT_CHANGES, "shp-1001:7", "Bearer shop");
        assertThat(sandbox.shopUpdates(1001)).hasSize(1);
    }

    @Test
    void shopRefusesWhatTheSeedRefuses() throws Exception {
        sandbox.addShopOrder(1001);

        assertThat(shop("/v1/Orders/2002/Shipments", SHIPMENT_CHANGES.replace("\"OrderId\": 1001", "\"OrderId\": 2002"),
                "a", "Bearer shop").statusCode()).isEqualTo(404);
        assertThat(shop("/v1/Orders/abc/Shipments", SHIPMENT_CHANGES, "b", "Bearer shop").statusCode()).isEqualTo(400);
        HttpResponse<String> noShopId = shop("/v1/Orders/1001/Shipments", SHIPMENT_CHANGES.replace("\"ShopId\": 8,", ""),
                "c", "Bearer shop");
        assertThat(noShopId.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noShopId.body()).get("field").asString()).isEqualTo("ShopId");
        assertThat(shop("/v1/Orders/1001/Shipments", SHIPMENT_CHANGES.replace("\"ShipmentStatusId\": 4", "\"ShipmentStatusId\": 10"),
                "d", "Bearer shop").statusCode()).isEqualTo(400);
        assertThat(shop("/v1/Orders/1001/Shipments", SHIPMENT_CHANGES, "e", "Bearer other").statusCode()).isEqualTo(401);
        assertThat(sandbox.shopUpdates(1001)).isEmpty();
    }

    @Test
    void theAdminEndpointsDriveALocalRun() throws Exception {
        send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/carriyo/orders"))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"tenant_id\": \"ACME\", \"partner_order_reference\": \"PO-6\", \"sales_channel\": \"web\"}")));
        send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"api\": \"carriyo\", \"count\": 1, \"status\": 429}")));

        assertThat(carriyo(DELIVERED.formatted("PO-6"), "k-6").statusCode()).isEqualTo(429);
        assertThat(carriyo(DELIVERED.formatted("PO-6"), "k-6").statusCode()).isEqualTo(200);

        HttpResponse<String> summary = send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/summary")).GET());
        JsonNode json = JSON.readTree(summary.body());
        assertThat(json.get("callsReceived").asInt()).isEqualTo(2);
        assertThat(json.get("callsByApiAndStatus").get("carriyo 429").asInt()).isEqualTo(1);
        assertThat(json.get("carriyoOrders").get(0).get("timesClosed").asInt()).isEqualTo(1);
    }

    private HttpResponse<String> carriyo(String body, String idempotencyKey) throws Exception {
        return carriyo(body, idempotencyKey, token);
    }

    private HttpResponse<String> carriyo(String body, String idempotencyKey, String bearer) throws Exception {
        return http.send(carriyoRequest(body, idempotencyKey, bearer).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder carriyoRequest(String body, String idempotencyKey) {
        return carriyoRequest(body, idempotencyKey, token);
    }

    private HttpRequest.Builder carriyoRequest(String body, String idempotencyKey, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/orders/shipment-status-update"))
                .header("x-api-key", "key-acme").header("tenant-id", "ACME")
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return bearer == null ? request : request.header("Authorization", "Bearer " + bearer);
    }

    /** A client credentials token request, the client authenticated with HTTP Basic. */
    private HttpRequest tokenRequest(String clientId, String secret) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(URI.create(sandbox.carriyoTokenUri()))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
    }

    private String accessToken(HttpRequest tokenRequest) throws Exception {
        HttpResponse<String> response = http.send(tokenRequest, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private HttpResponse<String> shop(String path, String body, String idempotencyKey, String authorization) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", authorization).header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
