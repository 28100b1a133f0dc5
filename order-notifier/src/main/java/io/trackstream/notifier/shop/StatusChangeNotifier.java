package io.trackstream.notifier.shop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.trackstream.notifier.config.NotifierProperties;
import io.trackstream.notifier.metrics.NotifierMetrics;
import io.trackstream.notifier.order.LabelChange;
import io.trackstream.notifier.order.ShipmentChange;
import io.trackstream.notifier.outcome.Target;

/**
 * Sends every status change of a shipment, and every change of a label's status that left the shipment's status as
 * it was, to the tenant's shop platform, for the tenants that switched it on
 * ({@code trackstream.notifier.tenants.<tenant>.shop.enabled}); other tenants' changes are skipped. The change id is
 * the idempotency key. A change older than the one the shop already has (a replayed dead letter that a newer change
 * overtook, a status change read after a later label change) is never sent: the shop keeps what it was sent last,
 * and would be rolled back. One shipment's updates are checked, sent and recorded one at a time, so two listeners
 * of this instance cannot interleave an older update after a newer one.
 */
@Component
public class StatusChangeNotifier {

    private static final Logger log = LoggerFactory.getLogger(StatusChangeNotifier.class);
    private static final int LOCK_STRIPES = 64;

    private final NotifierProperties properties;
    private final ShopPlatformClient client;
    private final AppliedShopVersions versions;
    private final NotifierMetrics metrics;
    private final Object[] shipmentLocks = new Object[LOCK_STRIPES];

    public StatusChangeNotifier(NotifierProperties properties, ShopPlatformClient client, AppliedShopVersions versions,
            NotifierMetrics metrics) {
        this.properties = properties;
        this.client = client;
        this.versions = versions;
        this.metrics = metrics;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            shipmentLocks[i] = new Object();
        }
    }

    public void notify(ShipmentChange change) {
        if (send(change)) {
            log.info("Shop platform told shipment {} of order {} (tenant {}) is {}", change.shipmentId(), change.orderId(),
                    change.tenant(), change.to());
        }
    }

    /**
     * A version in which labels changed status. When it also changed the shipment's status, the status change of the
     * same version (same change id, same labels) tells the shop, so this one is skipped rather than sent twice.
     */
    public void notifyLabels(LabelChange change) {
        ShipmentChange shipment = change.shipment();
        if (change.shipmentStatusChanged()) {
            metrics.skipped(Target.SHOP, "sent_as_status_change");
            return;
        }
        if (send(shipment)) {
            log.info("Shop platform told labels {} of shipment {} of order {} (tenant {}); the shipment is still {}",
                    change.changedTrackingNumbers(), shipment.shipmentId(), shipment.orderId(), shipment.tenant(), shipment.to());
        }
    }

    /** Whether the shop was sent the change (false: skipped). */
    private boolean send(ShipmentChange change) {
        var shop = properties.tenant(change.tenant()).flatMap(NotifierProperties.Tenant::shopSettings)
                .filter(NotifierProperties.Shop::enabled);
        if (shop.isEmpty()) {
            metrics.skipped(Target.SHOP, "disabled");
            return false;
        }
        synchronized (shipmentLocks[Math.floorMod(change.shipmentId().hashCode(), LOCK_STRIPES)]) {
            if (versions.isOlderThanApplied(change.shipmentId(), change.version())) {
                metrics.skipped(Target.SHOP, "older_than_applied");
                log.info("Not sending change {} of shipment {}: the shop already has a newer version", change.changeId(),
                        change.shipmentId());
                return false;
            }
            ShopIds ids = ShopIds.of(change, shop.get());
            client.put(shop.get(), ShipmentChangesMapper.toShipmentChanges(change, ids), change.changeId());
            versions.applied(change.shipmentId(), change.version());
            return true;
        }
    }
}
