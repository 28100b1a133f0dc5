package io.trackstream.pollers.targets;

import io.trackstream.avro.PollTarget;
import io.trackstream.contract.ParcelKey;
import io.trackstream.pollers.carrier.PollReferences;

/** {@code PollTarget} (Avro, from tracking.poll-targets.v1) to the pollers' own record. */
public final class PollTargetConverter {

    private PollTargetConverter() {
    }

    public static PollTargetEntry toEntry(PollTarget target) {
        ParcelKey parcel = ParcelKey.of(target.getCarrier(), target.getTrackingNumber());
        String reference = PollReferences.resolve(target.getProvider(), target.getProviderReference(), target.getOrderId(),
                parcel.trackingNumber());
        return new PollTargetEntry(parcel, target.getTenant(), target.getShipmentId(), target.getOrderId(),
                target.getProvider(), reference, target.getCarrierAccount(), target.getEventKeyDigest());
    }
}
