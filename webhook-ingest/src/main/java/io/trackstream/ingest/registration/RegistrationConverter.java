package io.trackstream.ingest.registration;

import java.time.Instant;

import io.trackstream.avro.RegisteredParcel;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.web.security.Caller;

/**
 * Builds the {@link ShipmentRegistration} record. The tenant is the caller's, from the token. {@code registeredAt}
 * and {@code updatedAt} are the time of this request: this app keeps no state, so a repeated registration carries a
 * new time and otherwise the same content under the same key (the compacted topic keeps the latest).
 */
public final class RegistrationConverter {

    private RegistrationConverter() {
    }

    public static ShipmentRegistration toAvro(Caller caller, ShipmentRegistrationRequest request, Instant now) {
        return ShipmentRegistration.newBuilder()
                .setTenant(caller.tenant())
                .setShipmentId(request.shipmentId())
                .setOrderId(request.orderId())
                .setPartnerOrderReference(request.partnerOrderReference())
                .setSalesChannel(request.salesChannel())
                .setCarrier(request.carrier())
                .setCarrierName(request.carrierName())
                .setProvider(request.provider())
                .setProviderReference(request.providerReference())
                .setCarrierAccount(request.carrierAccount())
                .setPolled(request.polled() == null || request.polled())
                .setParcels(request.parcels().stream().map(p -> RegisteredParcel.newBuilder()
                        .setTrackingNumber(p.trackingNumber())
                        .setCarrier(p.carrier())
                        .setLabelId(p.labelId())
                        .setLabelUrl(p.labelUrl())
                        .build()).toList())
                .setTrackingUrl(request.trackingUrl())
                .setIsReturn(request.isReturn() != null && request.isReturn())
                .setRegisteredAt(now)
                .setUpdatedAt(now)
                .setAttributes(request.attributes())
                .build();
    }
}
