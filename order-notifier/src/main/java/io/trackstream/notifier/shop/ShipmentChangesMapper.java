package io.trackstream.notifier.shop;

import java.util.List;

import io.trackstream.notifier.order.ParcelState;
import io.trackstream.notifier.order.ShipmentChange;

/**
 * Builds the shop platform's {@code ShipmentChanges} from a shipment after a change. Labels are synchronized (each
 * parcel is one label, with its own status and dates); parameters are not, since trackstream sends none and must not
 * wipe the platform's.
 */
public final class ShipmentChangesMapper {

    private ShipmentChangesMapper() {
    }

    public static ShipmentChanges toShipmentChanges(ShipmentChange change, ShopIds ids) {
        ShopShipmentStatus status = ShopShipmentStatus.of(change.to());
        List<ShipmentChanges.ShippingLabel> labels = change.parcels().stream().map(ShipmentChangesMapper::label).toList();
        return new ShipmentChanges(
                false,
                true,
                change.lastCarrierUpdate(),
                change.carrierName() != null ? change.carrierName() : change.carrier(),
                trackingUrl(change),
                change.deliveredAt(),
                labels,
                ids.shipmentId(),
                change.parcels().isEmpty() ? null : change.parcels().get(0).trackingNumber(),
                change.createdAt(),
                ids.shopId(),
                ids.orderId(),
                ids.carrierAccountId(),
                status.id(),
                status.platformName(),
                change.isReturn());
    }

    private static ShipmentChanges.ShippingLabel label(ParcelState parcel) {
        return new ShipmentChanges.ShippingLabel(
                ShopIds.number(parcel.labelId()).orElse(null),
                parcel.trackingNumber(),
                ShopShipmentStatus.ofParcel(parcel.status()).id(),
                parcel.deliveredAt(),
                parcel.lastCarrierUpdate(),
                parcel.lastCarrierStatusText() != null ? parcel.lastCarrierStatusText() : parcel.lastCarrierStatusCode());
    }

    private static String trackingUrl(ShipmentChange change) {
        if (!change.trackingUrls().isEmpty()) {
            return change.trackingUrls().get(0);
        }
        return change.parcels().stream().map(ParcelState::trackingUrl).filter(u -> u != null && !u.isBlank())
                .findFirst().orElse(null);
    }
}
