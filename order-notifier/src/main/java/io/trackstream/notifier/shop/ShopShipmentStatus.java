package io.trackstream.notifier.shop;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.ShipmentStatus;

/**
 * The shop platform's shipment statuses ({@code ShipmentStatusId}, and {@code DeliveryStatusId} of a label) and how
 * trackstream's canonical statuses map onto them. The platform only distinguishes "not yet", "on its way", "done",
 * "cancelled" and "needs attention", so every state in which the parcel is still moving towards the customer is
 * {@code Shipping}, and every state in which it will not reach the customer without someone acting is
 * {@code Exception} (the canonical name still travels in {@code LastCarrierStatus}/{@code ShipmentStatus} detail).
 * {@code Deleted} is never sent: trackstream has no event that deletes a shipment.
 */
public enum ShopShipmentStatus {
    NOT_PLANNED(1, "NotPlanned"),
    PLANNED(2, "Planned"),
    SHIPPING(3, "Shipping"),
    DELIVERED(4, "Delivered"),
    CANCELLED(5, "Cancelled"),
    EXCEPTION(6, "Exception"),
    DELETED(7, "Deleted"),
    PARTIALLY_DELIVERED(8, "Partiallydelivered");

    private final int id;
    private final String platformName;

    ShopShipmentStatus(int id, String platformName) {
        this.id = id;
        this.platformName = platformName;
    }

    public int id() {
        return id;
    }

    /** The name the platform uses for this status (its {@code ShipmentStatus} string). */
    public String platformName() {
        return platformName;
    }

    /** {@code ShipmentStatusId} of a shipment in {@code status}. */
    public static ShopShipmentStatus of(ShipmentStatus status) {
        return switch (status) {
            case PENDING -> NOT_PLANNED;
            case INFO_RECEIVED -> PLANNED;
            case PICKED_UP, IN_TRANSIT, DELAYED, OUT_FOR_DELIVERY, AVAILABLE_FOR_PICKUP, DELIVERY_ATTEMPT_FAILED,
                    UNKNOWN -> SHIPPING;
            case PARTIALLY_DELIVERED -> PARTIALLY_DELIVERED;
            case DELIVERED -> DELIVERED;
            case CANCELLED -> CANCELLED;
            case EXCEPTION, RETURNING_TO_SENDER, RETURNED_TO_SENDER, EXPIRED -> EXCEPTION;
        };
    }

    /** {@code DeliveryStatusId} of a label whose parcel is in {@code status}; null (no carrier event yet) is NotPlanned. */
    public static ShopShipmentStatus ofParcel(CanonicalStatus status) {
        if (status == null) {
            return NOT_PLANNED;
        }
        return switch (status) {
            case INFO_RECEIVED -> PLANNED;
            case PICKED_UP, IN_TRANSIT, DELAYED, OUT_FOR_DELIVERY, AVAILABLE_FOR_PICKUP, DELIVERY_ATTEMPT_FAILED,
                    UNKNOWN -> SHIPPING;
            case DELIVERED -> DELIVERED;
            case CANCELLED -> CANCELLED;
            case EXCEPTION, RETURNING_TO_SENDER, RETURNED_TO_SENDER, EXPIRED -> EXCEPTION;
        };
    }
}
