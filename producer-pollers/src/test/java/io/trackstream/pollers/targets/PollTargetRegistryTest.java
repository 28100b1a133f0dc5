package io.trackstream.pollers.targets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trackstream.avro.PollTarget;
import io.trackstream.contract.ParcelKey;
import org.junit.jupiter.api.Test;

class PollTargetRegistryTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PollTargetRegistry registry = new PollTargetRegistry(meters);

    private static PollTarget target(String provider, String trackingNumber, String providerReference) {
        return PollTarget.newBuilder().setParcelKey("elta:" + trackingNumber).setTenant("store-1").setShipmentId("s-1")
                .setOrderId("o-1").setCarrier("ELTA").setTrackingNumber(trackingNumber).setProvider(provider)
                .setProviderReference(providerReference).setUpdatedAt(Instant.EPOCH).build();
    }

    @Test
    void a_revoked_partitions_targets_are_forgotten_and_the_others_kept() {
        registry.assigned(List.of(0, 1));
        registry.put(0, "elta:ZU1", PollTargetConverter.toEntry(target("shiplemon", "ZU1", "s1")));
        registry.put(1, "elta:ZU2", PollTargetConverter.toEntry(target("shiplemon", "ZU2", "s2")));

        registry.revoked(List.of(0));

        assertThat(registry.targets("shiplemon")).extracting(t -> t.parcel().toString()).containsExactly("elta:ZU2");
        assertThat(meters.get(PollTargetRegistry.GAUGE).gauge().value()).isEqualTo(1);
    }

    @Test
    void a_parcels_digest_is_its_latest_targets_and_is_forgotten_with_its_partition() {
        ParcelKey parcel = ParcelKey.of("elta", "ZU1");
        registry.assigned(List.of(0));
        registry.put(0, "elta:ZU1", PollTargetConverter.toEntry(target("shiplemon", "ZU1", "s1")));
        assertThat(registry.eventKeyDigest(parcel)).as("a target without a digest").isNull();

        registry.put(0, "elta:ZU1", PollTargetConverter.toEntry(PollTarget.newBuilder(target("shiplemon", "ZU1", "s1"))
                .setEventKeyDigest("6f1c0e2b9a7d4c3e8f5a1b2c3d4e5f60").build()));
        assertThat(registry.eventKeyDigest(parcel)).isEqualTo("6f1c0e2b9a7d4c3e8f5a1b2c3d4e5f60");
        assertThat(registry.eventKeyDigest(ParcelKey.of("elta", "ZU2"))).isNull();

        registry.revoked(List.of(0));
        assertThat(registry.eventKeyDigest(parcel)).isNull();
    }

    @Test
    void a_reassigned_partition_starts_empty_before_it_is_read_again() {
        registry.put(0, "elta:ZU1", PollTargetConverter.toEntry(target("shiplemon", "ZU1", "s1")));

        registry.assigned(List.of(0));

        assertThat(registry.size()).isZero();
    }

    @Test
    void a_tombstone_removes_only_its_parcel() {
        registry.put(0, "elta:ZU1", PollTargetConverter.toEntry(target("shiplemon", "ZU1", "s1")));
        registry.put(0, "elta:ZU2", PollTargetConverter.toEntry(target("shiplemon", "ZU2", "s1")));

        registry.remove(0, "elta:ZU1");

        assertThat(registry.all()).extracting(t -> t.parcel().trackingNumber()).containsExactly("ZU2");
    }

    @Test
    void without_a_provider_reference_salesive_is_polled_by_order_and_the_others_by_tracking_number() {
        assertThat(PollTargetConverter.toEntry(target("salesive", "SB1", null)).reference()).isEqualTo("o-1");
        assertThat(PollTargetConverter.toEntry(target("courier-sync", "1Z1", null)).reference()).isEqualTo("1Z1");
        assertThat(PollTargetConverter.toEntry(target("shiplemon", "ZU1", "ship-9")).reference()).isEqualTo("ship-9");
        assertThat(PollTargetConverter.toEntry(target("shiplemon", "ZU1", "ship-9")).parcel().carrier()).isEqualTo("elta");
    }
}
