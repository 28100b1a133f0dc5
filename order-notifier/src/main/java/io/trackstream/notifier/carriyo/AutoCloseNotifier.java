package io.trackstream.notifier.carriyo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.trackstream.notifier.config.NotifierProperties;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.order.AutoCloseRequest;
import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.PermanentFailure;
import io.trackstream.notifier.outcome.Target;

/**
 * Tells the tenant's Carriyo-style order service that a shipment was delivered, so it auto-closes the order. The
 * request id is the idempotency key: a redelivered request is the same request. A tenant missing from the
 * configuration is an operator's mistake, so the request is dead-lettered (and can be replayed once it is fixed); a
 * tenant that switched Carriyo off is skipped.
 */
@Component
public class AutoCloseNotifier {

    private static final Logger log = LoggerFactory.getLogger(AutoCloseNotifier.class);

    private final NotifierProperties properties;
    private final CarriyoClient client;
    private final NotifierMetrics metrics;

    public AutoCloseNotifier(NotifierProperties properties, CarriyoClient client, NotifierMetrics metrics) {
        this.properties = properties;
        this.client = client;
        this.metrics = metrics;
    }

    public void notify(AutoCloseRequest request) {
        NotifierProperties.Tenant tenant = properties.tenant(request.tenant()).orElseThrow(() -> PermanentFailure.beforeCall(
                Target.CARRIYO, FailureReason.TENANT_NOT_CONFIGURED,
                "Tenant " + request.tenant() + " is not configured under trackstream.notifier.tenants", null));
        var carriyo = tenant.carriyoSettings().filter(NotifierProperties.Carriyo::enabled);
        if (carriyo.isEmpty()) {
            metrics.skipped(Target.CARRIYO, "disabled");
            log.debug("Carriyo is off for tenant {}: auto-close of order {} not sent", request.tenant(), request.orderId());
            return;
        }
        CarriyoAnswer answer = client.send(carriyo.get(), CarriyoStatusUpdate.delivered(request), request.requestId());
        if (answer instanceof CarriyoAnswer.OrderUpdated) {
            metrics.orderClosed(request.causeReceivedTime(), request.deliveredAt());
            log.info("Order {} (reference {}) of tenant {} told delivered, shipment {}", request.orderId(),
                    request.orderReference(), request.tenant(), request.shipmentId());
        } else {
            log.warn("Carriyo has no order with partner_order_reference {} (tenant {}, order {}, shipment {}): not retried",
                    request.orderReference(), request.tenant(), request.orderId(), request.shipmentId());
        }
    }
}
