package io.trackstream.processor.state;

import static io.trackstream.avro.CanonicalStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.ShipmentStatus;

class ShipmentStatusRulesTest {

    @Test
    void allDeliveredIsDeliveredAndSomeIsPartiallyDelivered() {
        assertThat(derive(DELIVERED, DELIVERED)).isEqualTo(ShipmentStatus.DELIVERED);
        assertThat(derive(DELIVERED, IN_TRANSIT)).isEqualTo(ShipmentStatus.PARTIALLY_DELIVERED);
        assertThat(derive(DELIVERED, null)).isEqualTo(ShipmentStatus.PARTIALLY_DELIVERED);
    }

    @Test
    void otherwiseTheLeastAdvancedParcelDecides() {
        assertThat(derive(IN_TRANSIT, OUT_FOR_DELIVERY)).isEqualTo(ShipmentStatus.IN_TRANSIT);
        assertThat(derive(EXCEPTION, OUT_FOR_DELIVERY)).isEqualTo(ShipmentStatus.EXCEPTION);
        assertThat(derive(IN_TRANSIT, null)).isEqualTo(ShipmentStatus.PENDING);
        assertThat(derive(RETURNED_TO_SENDER, CANCELLED)).isEqualTo(ShipmentStatus.RETURNED_TO_SENDER);
        assertThat(derive(CANCELLED)).isEqualTo(ShipmentStatus.CANCELLED);
    }

    @Test
    void noParcelEventsYetIsPending() {
        assertThat(derive((CanonicalStatus) null)).isEqualTo(ShipmentStatus.PENDING);
        assertThat(ShipmentStatusRules.derive(List.of())).isEqualTo(ShipmentStatus.PENDING);
    }

    private static ShipmentStatus derive(CanonicalStatus... statuses) {
        return ShipmentStatusRules.derive(Arrays.asList(statuses));
    }
}
