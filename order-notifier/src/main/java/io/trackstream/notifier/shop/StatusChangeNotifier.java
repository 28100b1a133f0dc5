package io.trackstream.notifier.shop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.trackstream.notifier.config.NotifierProperties;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.order.ShipmentChange;
import io.trackstream.notifier.outcome.Target;

/**
 * Sends every status change of a shipment to the tenant's shop platform, for the tenants that switched it on
 * ({@code trackstream.notifier.tenants.<tenant>.shop.enabled}); other tenants' changes are skipped. The change id is
 * the idempotency key. A change older than the one the shop already has (a replayed dead letter that a newer change
 * overtook) is never sent: the shop keeps what it was sent last, and would be rolled back.
 */
@Component
public class StatusChangeNotifier {

    private static final Logger log = LoggerFactory.getLogger(StatusChangeNotifier.class);

    private final NotifierProperties properties;
    private final ShopPlatformClient client;
    private final AppliedShopVersions versions;
    private final NotifierMetrics metrics;

    public StatusChangeNotifier(NotifierProperties properties, ShopPlatformClient client, AppliedShopVersions versions,
            NotifierMetrics metrics) {
        this.properties = properties;
        this.client = client;
        this.versions = versions;
        this.metrics = metrics;
    }

    public void notify(ShipmentChange change) {
        var shop = properties.tenant(change.tenant()).flatMap(NotifierProperties.Tenant::shopSettings)
                .filter(NotifierProperties.Shop::enabled);
        if (shop.isEmpty()) {
            metrics.skipped(Target.SHOP, "disabled");
            return;
        }
        if (versions.isOlderThanApplied(change.shipmentId(), change.version())) {
            metrics.skipped(Target.SHOP, "older_than_applied");
            log.info("Not sending change {} of shipment {}: the shop already has a newer version", change.changeId(), change.shipmentId());
            return;
        }
        ShopIds ids = ShopIds.of(change, shop.get());
        client.put(shop.get(), ShipmentChangesMapper.toShipmentChanges(change, ids), change.changeId());
        versions.applied(change.shipmentId(), change.version());
        log.info("Shop platform told shipment {} of order {} (tenant {}) is {}", change.shipmentId(), ids.orderId(),
                change.tenant(), change.to());
    }
}
