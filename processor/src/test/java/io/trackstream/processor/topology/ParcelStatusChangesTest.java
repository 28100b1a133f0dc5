package io.trackstream.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.ParcelStatusChange;
import io.trackstream.avro.ParcelStatusChanged;
import io.trackstream.avro.Shipment;
import io.trackstream.processor.testing.Shipments;

/** Which parcels of a shipment changed status between two of its versions. */
class ParcelStatusChangesTest {

    private static final Instant NOW = Instant.parse("2024-07-15T10:06:00Z");
    private final Shipment delivered = Shipments.shipment("shp-1", "store-athens", "6640c1b2d4e5f60102030406", "ZU500011420GR");
    private final Parcel deliveredParcel = delivered.getParcels().get(0);

    @Test
    void aParcelWhoseStatusMovedIsAChangeWithTheEventThatMovedIt() {
        Shipment before = withParcels(7, Parcel.newBuilder(deliveredParcel).setStatus(CanonicalStatus.OUT_FOR_DELIVERY).build());
        Shipment after = withParcels(8, deliveredParcel);

        ParcelStatusChanged change = ParcelStatusChanges.of(before, after, false, NOW);

        assertThat(change.getChangeId()).isEqualTo("shp-1:8");
        assertThat(change.getShipmentStatusChanged()).isFalse();
        assertThat(change.getChangedAt()).isEqualTo(NOW);
        assertThat(change.getShipment()).isSameAs(after);
        ParcelStatusChange parcel = change.getParcels().get(0);
        assertThat(change.getParcels()).hasSize(1);
        assertThat(parcel.getFrom()).isEqualTo(CanonicalStatus.OUT_FOR_DELIVERY);
        assertThat(parcel.getTo()).isEqualTo(CanonicalStatus.DELIVERED);
        assertThat(parcel.getLabelId()).isEqualTo("label-ZU500011420GR");
        assertThat(parcel.getCauseCarrierStatusText()).isEqualTo("ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ");
        assertThat(parcel.getCauseEventTime()).isEqualTo(deliveredParcel.getStatusEventTime());
    }

    @Test
    void aParcelShownWithoutAStatusOrNotAtAllBeforeChangesFromNull() {
        Parcel noStatusYet = Parcel.newBuilder(deliveredParcel).setStatus(null).build();

        assertThat(ParcelStatusChanges.between(withParcels(7, noStatusYet), withParcels(8, deliveredParcel)))
                .extracting(ParcelStatusChange::getFrom).containsExactly((CanonicalStatus) null);
        assertThat(ParcelStatusChanges.between(null, withParcels(1, deliveredParcel)))
                .extracting(ParcelStatusChange::getTo).containsExactly(CanonicalStatus.DELIVERED);
    }

    @Test
    void theSameStatusAParcelWithoutOneAndADroppedParcelAreNoChange() {
        Parcel other = Parcel.newBuilder(deliveredParcel).setParcelKey("elta:ZU500011421GR").setTrackingNumber("ZU500011421GR")
                .setStatus(CanonicalStatus.IN_TRANSIT).build();
        Parcel newWithoutStatus = Parcel.newBuilder(other).setParcelKey("elta:ZU500011422GR").setStatus(null).build();

        assertThat(ParcelStatusChanges.of(withParcels(7, deliveredParcel, other), withParcels(8, deliveredParcel, newWithoutStatus),
                false, NOW)).isNull();
    }

    private Shipment withParcels(long version, Parcel... parcels) {
        return Shipment.newBuilder(delivered).setParcels(List.of(parcels)).setVersion(version).build();
    }
}
