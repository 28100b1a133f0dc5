package io.trackstream.notifier.carriyo;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

import io.trackstream.notifier.config.NotifierProperties;
import io.trackstream.notifier.outcome.CallOutcome;
import io.trackstream.notifier.outcome.HttpAnswer;
import io.trackstream.notifier.outcome.OrderSystemCaller;
import io.trackstream.notifier.outcome.Target;

/**
 * Calls a tenant's Carriyo-style {@code POST /orders/shipment-status-update}. As Carriyo documents it, a 200 with an
 * order means the update was processed, and an empty 200 means no order has that {@code partner_order_reference}.
 */
@Component
public class CarriyoClient {

    static final String PATH = "/orders/shipment-status-update";

    private final RestClient restClient;
    private final OrderSystemCaller caller;

    public CarriyoClient(RestClient orderSystemRestClient, OrderSystemCaller caller) {
        this.restClient = orderSystemRestClient;
        this.caller = caller;
    }

    /** Sends {@code update}; returns what a 2xx said, or throws a {@code NotificationFailure}. */
    public CarriyoAnswer send(NotifierProperties.Carriyo tenant, CarriyoStatusUpdate update, String idempotencyKey) {
        HttpAnswer answer = caller.call(Target.CARRIYO,
                restClient.post()
                        .uri(UriComponentsBuilder.fromUri(tenant.baseUrl()).path(PATH).build().toUri())
                        .header("x-api-key", tenant.apiKey())
                        .header("tenant-id", tenant.tenantId())
                        .header(OrderSystemCaller.IDEMPOTENCY_KEY, idempotencyKey)
                        .contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.APPLICATION_JSON)
                        .body(update),
                a -> a.hasBody() ? CallOutcome.OK : CallOutcome.ORDER_NOT_FOUND);
        return answer.hasBody() ? new CarriyoAnswer.OrderUpdated(answer.body()) : new CarriyoAnswer.OrderNotFound();
    }
}
