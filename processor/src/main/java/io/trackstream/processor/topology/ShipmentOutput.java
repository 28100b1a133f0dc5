package io.trackstream.processor.topology;

import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentStatusChanged;

/** What a shipment's state emits: its new version, a status change, an auto-close request. */
public sealed interface ShipmentOutput {

    record Changed(Shipment shipment) implements ShipmentOutput {
    }

    record StatusChanged(ShipmentStatusChanged change) implements ShipmentOutput {
    }

    record AutoClose(OrderAutoCloseRequested request) implements ShipmentOutput {
    }
}
