package io.trackstream.processor.topology;

import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.avro.ParcelStatusChanged;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatusChanged;

/** What a shipment's state emits: its new version, a status change, the parcels whose
 * status changed, an auto-close request, a rejected update. */
public sealed interface ShipmentOutput {

    record Changed(Shipment shipment) implements ShipmentOutput {
    }

    record StatusChanged(ShipmentStatusChanged change) implements ShipmentOutput {
    }

    record ParcelsChanged(ParcelStatusChanged change) implements ShipmentOutput {
    }

    record AutoClose(OrderAutoCloseRequested request) implements ShipmentOutput {
    }

    /** An update that could not be applied, for {@code tracking.raw.rejected.v1}. */
    record Rejected(RejectedEvent event) implements ShipmentOutput {
    }
}
