package io.trackstream.processor.api;

import java.util.List;

import io.trackstream.avro.Parcel;
import io.trackstream.avro.RegisteredParcel;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.processor.state.ShipmentAggregator;

/**
 * A parcel as one tenant sees it: through that tenant's shipments that list it ({@code shipmentId} is the first),
 * with that tenant's label. Other tenants' shipments that list the same parcel are never named.
 */
public record OwnedParcelView(String shipmentId, List<String> shipmentIds, ParcelView parcel) {

    static OwnedParcelView of(String parcelKey, Parcel parcel, List<ShipmentRegistration> callersShipments) {
        ShipmentRegistration first = callersShipments.get(0);
        RegisteredParcel label = null;
        for (RegisteredParcel registered : first.getParcels()) {
            if (ShipmentAggregator.keyOf(first, registered).toString().equals(parcelKey)) {
                label = registered;
            }
        }
        Parcel shown = Parcel.newBuilder(parcel)
                .setLabelId(label == null ? null : label.getLabelId())
                .setLabelUrl(parcel.getLabelUrl() != null && !parcel.getLabelUrl().isBlank() ? parcel.getLabelUrl()
                        : label == null ? null : label.getLabelUrl())
                .build();
        return new OwnedParcelView(first.getShipmentId(), callersShipments.stream().map(ShipmentRegistration::getShipmentId).toList(),
                ParcelView.of(shown));
    }
}
