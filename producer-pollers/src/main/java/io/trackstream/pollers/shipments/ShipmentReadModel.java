package io.trackstream.pollers.shipments;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Every shipment's current canonical state, as the processor last wrote it to shipments.v1, by id and by
 * (tenant, order id). Callers can wait for a shipment to reach a state ({@link #await}), which is how the sync API
 * reads its own writes. All changes and waits go through one lock, so a waiter can never miss the update it waits for.
 */
@Component
public class ShipmentReadModel {

    public static final String GAUGE = "trackstream.pollers.shipments.view";

    private final Map<String, ShipmentView> byId = new HashMap<>();
    private final Map<String, Set<String>> byTenantOrder = new HashMap<>();
    private final Map<String, List<Waiter>> waiters = new HashMap<>();
    private volatile boolean caughtUp;

    public ShipmentReadModel(MeterRegistry meters) {
        Gauge.builder(GAUGE, this, ShipmentReadModel::size).description("Shipments held in the sync API's view").register(meters);
    }

    private record Waiter(Predicate<ShipmentView> condition, CompletableFuture<ShipmentView> future) {
    }

    /** A record of shipments.v1: a new state, or (null) a tombstone. */
    public synchronized void apply(String shipmentId, ShipmentView view) {
        ShipmentView previous = view == null ? byId.remove(shipmentId) : byId.put(shipmentId, view);
        if (previous != null) {
            Set<String> ids = byTenantOrder.get(orderKey(previous.tenant(), previous.orderId()));
            if (ids != null) {
                ids.remove(shipmentId);
            }
        }
        if (view != null) {
            byTenantOrder.computeIfAbsent(orderKey(view.tenant(), view.orderId()), k -> new LinkedHashSet<>()).add(shipmentId);
            List<Waiter> waiting = waiters.get(shipmentId);
            if (waiting != null) {
                for (Iterator<Waiter> it = waiting.iterator(); it.hasNext();) {
                    Waiter w = it.next();
                    if (w.future().isDone() || w.condition().test(view)) {
                        w.future().complete(view);
                        it.remove();
                    }
                }
                if (waiting.isEmpty()) {
                    waiters.remove(shipmentId);
                }
            }
        }
    }

    public synchronized Optional<ShipmentView> find(String shipmentId) {
        return Optional.ofNullable(byId.get(shipmentId));
    }

    /** The shipment of a tenant's order; when an order has several, the most recently created. */
    public synchronized Optional<ShipmentView> findByOrder(String tenant, String orderId) {
        Set<String> ids = byTenantOrder.getOrDefault(orderKey(tenant, orderId), Set.of());
        return ids.stream().map(byId::get).filter(v -> v != null)
                .max(Comparator.comparing(ShipmentView::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    /**
     * Completes with the shipment's state once it satisfies {@code condition} (at once if it already does). The
     * caller bounds the wait ({@code orTimeout}) and should cancel the future when giving up.
     */
    public synchronized CompletableFuture<ShipmentView> await(String shipmentId, Predicate<ShipmentView> condition) {
        ShipmentView current = byId.get(shipmentId);
        if (current != null && condition.test(current)) {
            return CompletableFuture.completedFuture(current);
        }
        CompletableFuture<ShipmentView> future = new CompletableFuture<>();
        waiters.computeIfAbsent(shipmentId, k -> new ArrayList<>()).add(new Waiter(condition, future));
        return future;
    }

    /** Forgets waiters that gave up. */
    public synchronized void forget(String shipmentId, CompletableFuture<ShipmentView> future) {
        List<Waiter> waiting = waiters.get(shipmentId);
        if (waiting != null) {
            waiting.removeIf(w -> w.future() == future);
            if (waiting.isEmpty()) {
                waiters.remove(shipmentId);
            }
        }
    }

    /** Whether the topic has been read up to where it ended when reading started: before that, absence means little. */
    public boolean caughtUp() {
        return caughtUp;
    }

    void markCaughtUp() {
        caughtUp = true;
    }

    public synchronized int size() {
        return byId.size();
    }

    private static String orderKey(String tenant, String orderId) {
        return tenant + '\u0000' + orderId;
    }
}
