package io.trackstream.notifier.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.ShipmentStatus;

/** The documented mapping of canonical statuses onto the shop platform's ids (docs/order-notifier.md). */
class ShopShipmentStatusTest {

    @ParameterizedTest
    @CsvSource({
            "PENDING, 1, NotPlanned",
            "INFO_RECEIVED, 2, Planned",
            "PICKED_UP, 3, Shipping",
            "IN_TRANSIT, 3, Shipping",
            "DELAYED, 3, Shipping",
            "OUT_FOR_DELIVERY, 3, Shipping",
            "AVAILABLE_FOR_PICKUP, 3, Shipping",
            "DELIVERY_ATTEMPT_FAILED, 3, Shipping",
            "UNKNOWN, 3, Shipping",
            "DELIVERED, 4, Delivered",
            "CANCELLED, 5, Cancelled",
            "EXCEPTION, 6, Exception",
            "RETURNING_TO_SENDER, 6, Exception",
            "RETURNED_TO_SENDER, 6, Exception",
            "EXPIRED, 6, Exception",
            "PARTIALLY_DELIVERED, 8, Partiallydelivered"})
    void shipmentStatusId(ShipmentStatus status, int id, String name) {
        assertThat(ShopShipmentStatus.of(status).id()).isEqualTo(id);
        assertThat(ShopShipmentStatus.of(status).platformName()).isEqualTo(name);
    }

    @ParameterizedTest
    @EnumSource(CanonicalStatus.class)
    void aParcelMapsLikeAShipmentInTheSameStatus(CanonicalStatus status) {
        assertThat(ShopShipmentStatus.ofParcel(status))
                .isEqualTo(ShopShipmentStatus.of(ShipmentStatus.valueOf(status.name())));
    }

    @Test
    void aParcelWithoutCarrierEventIsNotPlanned() {
        assertThat(ShopShipmentStatus.ofParcel(null).id()).isEqualTo(1);
    }

    @Test
    void deletedIsNeverSentAndEveryOtherIdIsReachable() {
        Set<Integer> reached = Arrays.stream(ShipmentStatus.values()).map(s -> ShopShipmentStatus.of(s).id())
                .collect(Collectors.toSet());
        assertThat(reached).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 8);
    }
}
