package io.trackstream.notifier.carriyo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trackstream.fixtures.MutableClock;
import io.trackstream.notifier.config.NotifierProperties;
import io.trackstream.notifier.fixtures.Fixtures;
import io.trackstream.notifier.fixtures.TestSettings;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.order.AutoCloseRequest;
import io.trackstream.notifier.order.AvroOrderConverter;
import io.trackstream.notifier.outcome.CallOutcome;
import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.OrderSystemCaller;
import io.trackstream.notifier.outcome.PermanentFailure;
import io.trackstream.notifier.outcome.RetryableFailure;

/**
 * What each answer of the Carriyo-style endpoint (and of its OAuth2 token endpoint) means to the notifier, against
 * WireMock.
 */
class AutoCloseNotifierTest {

    @RegisterExtension
    static WireMockExtension carriyo = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String PATH = "/orders/shipment-status-update";
    private static final String TOKEN_PATH = TestSettings.TOKEN_PATH;
    private static final String ORDER_BODY = """
            {"tenant":"ACME","order_id":"ORD-1001","partner_order_reference":"PO-1001","sales_channel":"web",
             "status":"closed","update_date":"2024-07-15T10:05:14Z"}""";

    private SimpleMeterRegistry registry;
    private MutableClock clock;
    private AutoCloseNotifier notifier;

    @BeforeEach
    void setUp() {
        registry = new SimpleMeterRegistry();
        // Spring Security dates a token from the wall clock: the test's clock starts there and moves on alone.
        clock = new MutableClock(Instant.now());
        notifier = notifier(TestSettings.READ_TIMEOUT);
        carriyo.stubFor(post(TOKEN_PATH).willReturn(token("tok-1", 300)));
    }

    private AutoCloseNotifier notifier(Duration readTimeout) {
        NotifierMetrics metrics = new NotifierMetrics(registry);
        NotifierProperties properties = TestSettings.properties(Map.of(
                "acme", new NotifierProperties.Tenant(TestSettings.carriyo(carriyo.baseUrl()), null),
                "quiet", new NotifierProperties.Tenant(new NotifierProperties.Carriyo(false, null, null, null, null), null),
                "shop-only", new NotifierProperties.Tenant(null, TestSettings.shop(carriyo.baseUrl()))),
                readTimeout);
        CarriyoTokens tokens = new CarriyoTokens(properties, TestSettings.tokenRestClient(properties), metrics, clock);
        return new AutoCloseNotifier(properties,
                new CarriyoClient(TestSettings.restClient(properties), new OrderSystemCaller(metrics), tokens), metrics);
    }

    private static ResponseDefinitionBuilder token(String token, int expiresIn) {
        return okJson("{\"access_token\": \"" + token + "\", \"token_type\": \"Bearer\", \"expires_in\": " + expiresIn + "}");
    }

    @Test
    void deliveredShipmentIsPostedWithTheTenantsCredentialsAndTheRequestIdAsIdempotencyKey() {
        carriyo.stubFor(post(PATH).willReturn(okJson(ORDER_BODY)));

        notifier.notify(request("1001"));

        carriyo.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Authorization", equalTo("Bearer tok-1"))
                .withHeader("x-api-key", equalTo("key-acme"))
                .withHeader("tenant-id", equalTo("ACME"))
                .withHeader("Idempotency-Key", equalTo("shp-1001:delivered"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"references": {"partner_order_reference": "PO-1001", "partner_shipment_reference": "shp-1001"},
                         "post_shipping_info": {
                           "status": "delivered",
                           "delivery_date": "2024-07-15T10:02:00Z",
                           "update_date": "2024-07-15T10:05:12Z",
                           "carrier": "elta",
                           "carrier_name": "ELTA Courier",
                           "tracking_no": "1190953890",
                           "tracking_numbers": ["1190953890", "2338891501"],
                           "tracking_url": "https://www.elta-courier.gr/search?br=1190953890"}}""")));
        assertThat(calls(CallOutcome.CLOSED)).isEqualTo(1.0);
        assertThat(registry.get(NotifierMetrics.DELIVERED_TO_CLOSED).tag("since", "received").timer().count()).isEqualTo(1);
    }

    @Test
    void theTokenIsFetchedWithTheClientCredentialsGrant() {
        carriyo.stubFor(post(PATH).willReturn(okJson(ORDER_BODY)));

        notifier.notify(request("1020"));

        String basic = Base64.getEncoder().encodeToString(
                (TestSettings.CLIENT_ID + ":" + TestSettings.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        carriyo.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH))
                .withHeader("Authorization", equalTo("Basic " + basic))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withRequestBody(containing("grant_type=client_credentials")));
    }

    @Test
    void theTokenIsCachedAndRenewedBeforeItExpires() {
        carriyo.stubFor(post(PATH).willReturn(okJson(ORDER_BODY)));

        notifier.notify(request("1021"));
        clock.advance(Duration.ofSeconds(200));
        notifier.notify(request("1022"));
        assertThat(tokenRequests()).as("300 s token, renewed 60 s before: still good at 200 s").isEqualTo(1);

        clock.advance(Duration.ofSeconds(50));
        carriyo.stubFor(post(TOKEN_PATH).willReturn(token("tok-2", 300)));
        notifier.notify(request("1023"));

        assertThat(tokenRequests()).as("at 250 s it expires within 60 s: fetched again").isEqualTo(2);
        carriyo.verify(1, postRequestedFor(urlEqualTo(PATH)).withHeader("Authorization", equalTo("Bearer tok-2")));
    }

    @Test
    void aRefusedTokenIsFetchedAgainOnceAndTheCallRepeated() {
        carriyo.stubFor(post(TOKEN_PATH).inScenario("rotation").whenScenarioStateIs(STARTED)
                .willReturn(token("tok-revoked", 300)).willSetStateTo("rotated"));
        carriyo.stubFor(post(TOKEN_PATH).inScenario("rotation").whenScenarioStateIs("rotated")
                .willReturn(token("tok-new", 300)));
        carriyo.stubFor(post(PATH).withHeader("Authorization", equalTo("Bearer tok-revoked"))
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
        carriyo.stubFor(post(PATH).withHeader("Authorization", equalTo("Bearer tok-new")).willReturn(okJson(ORDER_BODY)));

        notifier.notify(request("1024"));

        assertThat(tokenRequests()).isEqualTo(2);
        carriyo.verify(2, postRequestedFor(urlEqualTo(PATH)).withHeader("Idempotency-Key", equalTo("shp-1024:delivered")));
        assertThat(calls(CallOutcome.UNAUTHORIZED)).isEqualTo(1.0);
        assertThat(calls(CallOutcome.CLOSED)).isEqualTo(1.0);
    }

    @Test
    void aSecond401IsAPermanentFailureAfterExactlyOneNewToken() {
        carriyo.stubFor(post(PATH).willReturn(aResponse().withStatus(401)));

        assertThatThrownBy(() -> notifier.notify(request("1025")))
                .isInstanceOfSatisfying(PermanentFailure.class, f -> {
                    assertThat(f.deadLetterReason()).isEqualTo(FailureReason.CLIENT_ERROR);
                    assertThat(f.outcome()).isEqualTo(CallOutcome.UNAUTHORIZED);
                });
        assertThat(tokenRequests()).isEqualTo(2);
        carriyo.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void credentialsTheTokenEndpointRefusesArePermanentAndCarriyoIsNotCalled() {
        carriyo.stubFor(post(TOKEN_PATH).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"invalid_client\", \"error_description\": \"unknown client\"}")));

        assertThatThrownBy(() -> notifier.notify(request("1026")))
                .isInstanceOfSatisfying(PermanentFailure.class, f -> {
                    assertThat(f.deadLetterReason()).isEqualTo(FailureReason.CLIENT_ERROR);
                    assertThat(f.outcome()).isEqualTo(CallOutcome.TOKEN_REFUSED);
                    assertThat(f.getMessage()).contains("invalid_client");
                });
        carriyo.verify(0, postRequestedFor(urlEqualTo(PATH)));
        assertThat(calls(CallOutcome.TOKEN_REFUSED)).isEqualTo(1.0);
    }

    @Test
    void aTokenEndpointAnswering401IsRefusedCredentialsToo() {
        carriyo.stubFor(post(TOKEN_PATH).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": \"invalid_client\"}")));

        assertThatThrownBy(() -> notifier.notify(request("1027")))
                .isInstanceOfSatisfying(PermanentFailure.class, f -> assertThat(f.outcome()).isEqualTo(CallOutcome.TOKEN_REFUSED));
    }

    @Test
    void aFailingTokenEndpointIsRetryable() {
        carriyo.stubFor(post(TOKEN_PATH).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> notifier.notify(request("1028")))
                .isInstanceOfSatisfying(RetryableFailure.class, f -> {
                    assertThat(f.outcome()).isEqualTo(CallOutcome.TOKEN_UNAVAILABLE);
                    assertThat(f.deadLetterReason()).isEqualTo(FailureReason.RETRIES_EXHAUSTED);
                });
        carriyo.verify(0, postRequestedFor(urlEqualTo(PATH)));
        assertThat(calls(CallOutcome.TOKEN_UNAVAILABLE)).isEqualTo(1.0);
    }

    @Test
    void theUnchangedOpenOrderIsNotAClose() {
        carriyo.stubFor(post(PATH).willReturn(okJson(ORDER_BODY.replace("\"closed\"", "\"open\""))));

        notifier.notify(request("1029"));

        assertThat(calls(CallOutcome.NOT_CLOSED)).isEqualTo(1.0);
        assertThat(registry.find(NotifierMetrics.CALLS).tag("outcome", CallOutcome.CLOSED.tag()).counter()).isNull();
        assertThat(registry.find(NotifierMetrics.DELIVERED_TO_CLOSED).timer()).isNull();
    }

    @Test
    void aSuccessThatIsNeitherTheOrderNorEmptyIsAPermanentUnexpectedAnswer() {
        carriyo.stubFor(post(PATH).willReturn(aResponse().withStatus(202)));
        assertUnexpectedAnswer("1030", 202);

        carriyo.stubFor(post(PATH).willReturn(aResponse().withStatus(204)));
        assertUnexpectedAnswer("1031", 204);

        carriyo.stubFor(post(PATH).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>ΣΥΝΤΗΡΗΣΗ</html>")));
        assertUnexpectedAnswer("1032", 200);

        assertThat(calls(CallOutcome.UNEXPECTED_ANSWER)).isEqualTo(3.0);
        assertThat(registry.find(NotifierMetrics.CALLS).tag("outcome", CallOutcome.ORDER_NOT_FOUND.tag()).counter()).isNull();
    }

    private void assertUnexpectedAnswer(String orderId, int status) {
        assertThatThrownBy(() -> notifier.notify(request(orderId)))
                .isInstanceOfSatisfying(PermanentFailure.class, f -> {
                    assertThat(f.deadLetterReason()).isEqualTo(FailureReason.UNEXPECTED_ANSWER);
                    assertThat(f.httpStatus()).hasValue(status);
                });
    }

    @Test
    void withoutPartnerReferenceTheOrderIdIsTheReference() {
        carriyo.stubFor(post(PATH).willReturn(okJson(ORDER_BODY)));

        notifier.notify(AvroOrderConverter.autoCloseRequest(
                Fixtures.autoClose("acme", "1002").setPartnerOrderReference(null).build()));

        carriyo.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(equalToJson(
                "{\"references\": {\"partner_order_reference\": \"1002\"}}", true, true)));
    }

    @Test
    void emptyOkMeansOrderNotFoundWhichIsRecordedAndNotAFailure() {
        carriyo.stubFor(post(PATH).willReturn(aResponse().withStatus(200)));

        notifier.notify(request("1003"));

        assertThat(calls(CallOutcome.ORDER_NOT_FOUND)).isEqualTo(1.0);
        assertThat(registry.find(NotifierMetrics.DELIVERED_TO_CLOSED).timer()).isNull();
    }

    @Test
    void badRequestIsAPermanentFailureCarryingTheOrderSystemsReason() {
        carriyo.stubFor(post(PATH).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":[\"post_shipping_info.delivery_date is not a date\"]}")));

        assertThatThrownBy(() -> notifier.notify(request("1004")))
                .isInstanceOfSatisfying(PermanentFailure.class, f -> {
                    assertThat(f.deadLetterReason()).isEqualTo(FailureReason.REJECTED);
                    assertThat(f.httpStatus()).hasValue(400);
                    assertThat(f.getMessage()).contains("post_shipping_info.delivery_date is not a date");
                });
        assertThat(calls(CallOutcome.REJECTED)).isEqualTo(1.0);
    }

    @Test
    void otherClientErrorsArePermanentToo() {
        carriyo.stubFor(post(PATH).willReturn(aResponse().withStatus(403)));

        assertThatThrownBy(() -> notifier.notify(request("1005")))
                .isInstanceOfSatisfying(PermanentFailure.class,
                        f -> assertThat(f.deadLetterReason()).isEqualTo(FailureReason.CLIENT_ERROR));
    }

    @Test
    void tooManyRequestsIsRetryable() {
        carriyo.stubFor(post(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));

        assertThatThrownBy(() -> notifier.notify(request("1006")))
                .isInstanceOfSatisfying(RetryableFailure.class, f -> assertThat(f.outcome()).isEqualTo(CallOutcome.THROTTLED));
        assertThat(calls(CallOutcome.THROTTLED)).isEqualTo(1.0);
    }

    @Test
    void serverErrorIsRetryable() {
        carriyo.stubFor(post(PATH).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> notifier.notify(request("1007")))
                .isInstanceOfSatisfying(RetryableFailure.class, f -> {
                    assertThat(f.outcome()).isEqualTo(CallOutcome.SERVER_ERROR);
                    assertThat(f.deadLetterReason()).isEqualTo(FailureReason.RETRIES_EXHAUSTED);
                });
    }

    @Test
    void noAnswerWithinTheReadTimeoutIsARetryableTimeout() {
        carriyo.stubFor(post(PATH).willReturn(okJson(ORDER_BODY)
                .withFixedDelay((int) TestSettings.SHORT_READ_TIMEOUT.multipliedBy(5).toMillis())));
        AutoCloseNotifier impatient = notifier(TestSettings.SHORT_READ_TIMEOUT);

        assertThatThrownBy(() -> impatient.notify(request("1008")))
                .isInstanceOfSatisfying(RetryableFailure.class, f -> assertThat(f.outcome()).isEqualTo(CallOutcome.TIMEOUT));
        assertThat(calls(CallOutcome.TIMEOUT)).isEqualTo(1.0);
    }

    @Test
    void aTenantMissingFromTheConfigurationIsPermanentAndNothingIsCalled() {
        AutoCloseRequest stranger = AvroOrderConverter.autoCloseRequest(Fixtures.autoClose("stranger", "1009").build());

        assertThatThrownBy(() -> notifier.notify(stranger))
                .isInstanceOfSatisfying(PermanentFailure.class,
                        f -> assertThat(f.deadLetterReason()).isEqualTo(FailureReason.TENANT_NOT_CONFIGURED));
        assertThat(carriyo.getAllServeEvents()).isEmpty();
    }

    @Test
    void aTenantWithAShopBlockAndNoCarriyoBlockIsNotConfiguredForCarriyo() {
        AutoCloseRequest shopOnly = AvroOrderConverter.autoCloseRequest(Fixtures.autoClose("shop-only", "1033").build());

        assertThatThrownBy(() -> notifier.notify(shopOnly))
                .isInstanceOfSatisfying(PermanentFailure.class, f -> {
                    assertThat(f.deadLetterReason()).isEqualTo(FailureReason.TENANT_NOT_CONFIGURED);
                    assertThat(f.getMessage()).contains("no carriyo block");
                });
        assertThat(carriyo.getAllServeEvents()).isEmpty();
        assertThat(registry.find(NotifierMetrics.SKIPPED).counter()).isNull();
    }

    @Test
    void aTenantWithCarriyoSwitchedOffIsSkipped() {
        notifier.notify(AvroOrderConverter.autoCloseRequest(Fixtures.autoClose("quiet", "1010").build()));

        assertThat(carriyo.getAllServeEvents()).isEmpty();
        assertThat(registry.get(NotifierMetrics.SKIPPED).tag("target", "carriyo").counter().count()).isEqualTo(1.0);
    }

    @Test
    void aRedeliveredRequestCarriesTheSameIdempotencyKey() {
        carriyo.stubFor(post(PATH).willReturn(okJson(ORDER_BODY)));

        notifier.notify(request("1011"));
        notifier.notify(request("1011"));

        carriyo.verify(2, postRequestedFor(urlEqualTo(PATH)).withHeader(OrderSystemCaller.IDEMPOTENCY_KEY,
                equalTo("shp-1011:delivered")));
    }

    private static AutoCloseRequest request(String orderId) {
        return AvroOrderConverter.autoCloseRequest(Fixtures.autoClose("acme", orderId).build());
    }

    private int tokenRequests() {
        return carriyo.findAll(postRequestedFor(urlEqualTo(TOKEN_PATH))).size();
    }

    private double calls(CallOutcome outcome) {
        return registry.get(NotifierMetrics.CALLS).tag("target", "carriyo").tag("outcome", outcome.tag()).counter().count();
    }
}
