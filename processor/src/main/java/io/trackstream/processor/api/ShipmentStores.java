package io.trackstream.processor.api;

import java.util.List;
import java.util.Optional;

import io.trackstream.avro.Parcel;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentRegistration;

/**
 * The read side of the topology's state stores, as the HTTP layer needs it: which instance owns a key, and what
 * this instance's stores hold. Tenant rules are the caller's business, not the stores'.
 */
public interface ShipmentStores {

    /** The other instance that owns {@code shipmentId}, or empty when this instance does (or runs alone). */
    Optional<Instance> ownerOfShipment(String shipmentId);

    /** The other instance that owns {@code parcelKey}, or empty when this instance does. */
    Optional<Instance> ownerOfParcel(String parcelKey);

    /** Every other instance of the app (for questions no single key answers). */
    List<Instance> otherInstances();

    Optional<Shipment> localShipment(String shipmentId);

    /** The shipments of one tenant's order held by this instance. */
    List<Shipment> localShipmentsOfOrder(String tenant, String orderId);

    /** A parcel held by this instance, with the registrations of the shipments (of any tenants) that list it. */
    Optional<OwnedParcel> localParcel(String parcelKey);

    record Instance(String host, int port) {
    }

    record OwnedParcel(Parcel parcel, List<ShipmentRegistration> claims) {

        /** The claims of {@code tenant}'s shipments: a tenant sees a parcel only through its own. */
        List<ShipmentRegistration> claimsOf(String tenant) {
            return claims.stream().filter(claim -> tenant.equals(claim.getTenant())).toList();
        }
    }
}
