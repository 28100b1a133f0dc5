package io.trackstream.notifier.shop;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

import io.trackstream.notifier.config.NotifierProperties;
import io.trackstream.notifier.outcome.CallOutcome;
import io.trackstream.notifier.outcome.OrderSystemCaller;
import io.trackstream.notifier.outcome.Target;

/** Calls a tenant's shop-platform style {@code PUT v1/Orders/{orderId}/Shipments}; any 2xx means applied. */
@Component
public class ShopPlatformClient {

    static final String PATH = "/v1/Orders/{orderId}/Shipments";

    private final RestClient restClient;
    private final OrderSystemCaller caller;

    public ShopPlatformClient(RestClient orderSystemRestClient, OrderSystemCaller caller) {
        this.restClient = orderSystemRestClient;
        this.caller = caller;
    }

    public void put(NotifierProperties.Shop tenant, ShipmentChanges changes, String idempotencyKey) {
        caller.call(Target.SHOP,
                restClient.put()
                        .uri(UriComponentsBuilder.fromUri(tenant.baseUrl()).path(PATH).buildAndExpand(changes.orderId()).toUri())
                        .header(HttpHeaders.AUTHORIZATION, tenant.authorization())
                        .header(OrderSystemCaller.IDEMPOTENCY_KEY, idempotencyKey)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(changes),
                answer -> CallOutcome.OK);
    }
}
