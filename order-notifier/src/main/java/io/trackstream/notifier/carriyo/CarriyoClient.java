package io.trackstream.notifier.carriyo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

import io.trackstream.notifier.config.NotifierProperties;
import io.trackstream.notifier.outcome.CallOutcome;
import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.HttpAnswer;
import io.trackstream.notifier.outcome.OrderSystemCaller;
import io.trackstream.notifier.outcome.PermanentFailure;
import io.trackstream.notifier.outcome.Target;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls a tenant's Carriyo-style {@code POST /orders/shipment-status-update} with its API key, tenant id and OAuth2
 * access token, and reads the answer as the seed documents it ({@link CarriyoAnswer}). A 401 means the token was
 * refused (revoked, the signing key rotated): the token is fetched again and the call made once more.
 */
@Component
public class CarriyoClient {

    private static final Logger log = LoggerFactory.getLogger(CarriyoClient.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String PATH = "/orders/shipment-status-update";

    private final RestClient restClient;
    private final OrderSystemCaller caller;
    private final CarriyoTokens tokens;

    public CarriyoClient(RestClient orderSystemRestClient, OrderSystemCaller caller, CarriyoTokens tokens) {
        this.restClient = orderSystemRestClient;
        this.caller = caller;
        this.tokens = tokens;
    }

    /**
     * Sends {@code update} for {@code tenant}; returns what a 2xx said, or throws a {@code NotificationFailure} (a 2xx
     * whose meaning is unknown included).
     */
    public CarriyoAnswer send(String tenant, NotifierProperties.Carriyo settings, CarriyoStatusUpdate update,
            String idempotencyKey) {
        CarriyoAnswer answer;
        try {
            answer = sendOnce(tenant, settings, update, idempotencyKey);
        } catch (PermanentFailure f) {
            if (f.outcome() != CallOutcome.UNAUTHORIZED) {
                throw f;
            }
            log.info("Carriyo of tenant {} refused the access token (401): fetching a new one and calling once more", tenant);
            tokens.forget(tenant);
            answer = sendOnce(tenant, settings, update, idempotencyKey);
        }
        if (answer instanceof CarriyoAnswer.Unexpected unexpected) {
            throw new PermanentFailure(Target.CARRIYO, FailureReason.UNEXPECTED_ANSWER, CallOutcome.UNEXPECTED_ANSWER,
                    unexpected.status(), "carriyo answered " + unexpected.status() + " but " + unexpected.why()
                            + ", so whether the order was closed is unknown: " + OrderSystemCaller.truncate(unexpected.body()),
                    null);
        }
        return answer;
    }

    private CarriyoAnswer sendOnce(String tenant, NotifierProperties.Carriyo settings, CarriyoStatusUpdate update,
            String idempotencyKey) {
        String token = tokens.accessToken(tenant);
        return caller.call(Target.CARRIYO,
                restClient.post()
                        .uri(UriComponentsBuilder.fromUri(settings.baseUrl()).path(PATH).build().toUri())
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .header("x-api-key", settings.apiKey())
                        .header("tenant-id", settings.tenantId())
                        .header(OrderSystemCaller.IDEMPOTENCY_KEY, idempotencyKey)
                        .contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.APPLICATION_JSON)
                        .body(update),
                CarriyoClient::read, CarriyoAnswer::outcome);
    }

    /** What a 2xx means: only a returned order whose status is {@code closed} is a close. */
    static CarriyoAnswer read(HttpAnswer answer) {
        if (answer.status() != 200) {
            return new CarriyoAnswer.Unexpected(answer.status(), answer.body(), "the seed documents a 200 only");
        }
        if (!answer.hasBody()) {
            return new CarriyoAnswer.OrderNotFound();
        }
        JsonNode order;
        try {
            order = JSON.readTree(answer.body());
        } catch (JacksonException e) {
            return new CarriyoAnswer.Unexpected(answer.status(), answer.body(), "the body is not JSON");
        }
        String status = text(order, "status");
        if (!order.isObject() || status == null) {
            return new CarriyoAnswer.Unexpected(answer.status(), answer.body(), "the body is not an order with a status");
        }
        if ("closed".equalsIgnoreCase(status)) {
            return new CarriyoAnswer.OrderClosed(text(order, "order_id"), status);
        }
        return new CarriyoAnswer.OrderNotClosed(text(order, "order_id"), status, text(order, "sales_channel"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
