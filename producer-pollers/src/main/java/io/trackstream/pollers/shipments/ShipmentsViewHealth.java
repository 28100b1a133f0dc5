package io.trackstream.pollers.shipments;

import java.time.Duration;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Whether the sync API can answer: the shipments view has caught up with shipments.v1 and its reader is still
 * reading. Part of the readiness group, so a load balancer sends syncs elsewhere while it is not.
 */
@Component("shipmentsView")
public class ShipmentsViewHealth implements HealthIndicator {

    /** Longer than the reader's poll timeout and back-off together. */
    static final Duration STALE_AFTER = Duration.ofSeconds(45);

    private final ShipmentReadModel model;
    private final ShipmentsTopicReader reader;

    public ShipmentsViewHealth(ShipmentReadModel model, ShipmentsTopicReader reader) {
        this.model = model;
        this.reader = reader;
    }

    @Override
    public Health health() {
        if (!model.caughtUp()) {
            return Health.outOfService().withDetail("view", "loading shipments.v1").withDetail("shipments", model.size()).build();
        }
        if (!reader.polledWithin(STALE_AFTER)) {
            return Health.outOfService().withDetail("view", "not read for more than " + STALE_AFTER.toSeconds() + " s")
                    .withDetail("readerFailures", reader.failures()).build();
        }
        return Health.up().withDetail("shipments", model.size()).withDetail("readerFailures", reader.failures()).build();
    }
}
