package io.trackstream.pollers.shipments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trackstream.pollers.support.Shipments;
import org.junit.jupiter.api.Test;

class ShipmentReadModelTest {

    private final ShipmentReadModel model = new ShipmentReadModel(new SimpleMeterRegistry());

    private static ShipmentView view(String id, String tenant, String orderId, long version) {
        return ShipmentViewConverter.toView(Shipments.shipment(id, tenant, orderId, "shiplemon", "ref-" + id, "elta", "ZU" + id)
                .version(version).build());
    }

    @Test
    void a_tombstone_deletes_the_shipment_and_its_order_entry() {
        model.apply("s-1", view("s-1", "store-1", "o-1", 1));

        model.apply("s-1", null);

        assertThat(model.find("s-1")).isEmpty();
        assertThat(model.findByOrder("store-1", "o-1")).isEmpty();
    }

    @Test
    void an_order_is_found_only_within_its_tenant() {
        model.apply("s-1", view("s-1", "store-1", "o-1", 1));

        assertThat(model.findByOrder("store-1", "o-1")).map(ShipmentView::shipmentId).contains("s-1");
        assertThat(model.findByOrder("store-2", "o-1")).isEmpty();
    }

    @Test
    void a_waiter_is_completed_by_the_first_update_that_satisfies_it_and_not_before() {
        model.apply("s-1", view("s-1", "store-1", "o-1", 1));
        CompletableFuture<ShipmentView> applied = model.await("s-1", v -> v.version() > 2);

        model.apply("s-1", view("s-1", "store-1", "o-1", 2));
        assertThat(applied).isNotDone();

        model.apply("s-1", view("s-1", "store-1", "o-1", 3));
        assertThat(applied).isCompletedWithValueMatching(v -> v.version() == 3);
    }

    @Test
    void a_state_that_already_satisfies_the_wait_completes_it_at_once() {
        model.apply("s-1", view("s-1", "store-1", "o-1", 5));

        assertThat(model.await("s-1", v -> v.version() >= 5)).isCompleted();
    }

    @Test
    void a_waiter_that_gave_up_is_not_completed_later() {
        CompletableFuture<ShipmentView> waiting = model.await("s-1", v -> true);
        model.forget("s-1", waiting);

        model.apply("s-1", view("s-1", "store-1", "o-1", 1));

        assertThat(waiting).isNotDone();
    }

    @Test
    void reading_is_not_caught_up_until_told() {
        assertThat(model.caughtUp()).isFalse();
        model.markCaughtUp();
        assertThat(model.caughtUp()).isTrue();
    }
}
