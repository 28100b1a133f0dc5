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
 * configuration, or configured without a carriyo block, is an operator's mistake, so the request is dead-lettered
 * (and can be replayed once it is fixed); a tenant that switched Carriyo off ({@code enabled: false}) is skipped. Only
 * an answer with the order closed counts as a close.
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
        // A tenant configured for its shop platform only is as much a mistake as a missing one: dead-lettered, so
        // its closes can be replayed once Carriyo is configured.
        NotifierProperties.Carriyo carriyo = tenant.carriyoSettings().orElseThrow(() -> PermanentFailure.beforeCall(
                Target.CARRIYO, FailureReason.TENANT_NOT_CONFIGURED,
                "Tenant " + request.tenant() + " has no carriyo block under trackstream.notifier.tenants."
                        + request.tenant() + " (set carriyo.enabled: false to skip its auto-closes)", null));
        if (!carriyo.enabled()) {
            metrics.skipped(Target.CARRIYO, "disabled");
            log.debug("Carriyo is off for tenant {}: auto-close of order {} not sent", request.tenant(), request.orderId());
            return;
        }
        CarriyoAnswer answer = client.send(request.tenant(), carriyo, CarriyoStatusUpdate.delivered(request),
                request.requestId());
        if (answer instanceof CarriyoAnswer.OrderClosed closed) {
            metrics.orderClosed(request.causeReceivedTime(), request.deliveredAt());
            log.info("Order {} (reference {}, Carriyo order {}) of tenant {} closed, shipment {} delivered",
                    request.orderId(), request.orderReference(), closed.orderId(), request.tenant(), request.shipmentId());
        } else if (answer instanceof CarriyoAnswer.OrderNotClosed open) {
            log.warn("Carriyo kept order {} (reference {}, Carriyo order {}, sales channel {}) of tenant {} {} after "
                    + "shipment {} was delivered: not eligible for auto-close; not retried", request.orderId(),
                    request.orderReference(), open.orderId(), open.salesChannel(), request.tenant(), open.status(),
                    request.shipmentId());
        } else {
            log.warn("Carriyo has no order with partner_order_reference {} (tenant {}, order {}, shipment {}): not retried",
                    request.orderReference(), request.tenant(), request.orderId(), request.shipmentId());
        }
    }
}
