package io.trackstream.pollers.targets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.PollTarget;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class PollTargetListenerTest {

    private final PollTargetRegistry registry = new PollTargetRegistry(new SimpleMeterRegistry());
    private final PollTargetListener listener = new PollTargetListener(registry, new PollTargetLoading(registry, io.trackstream.pollers.resilience.RateShare.whole()));

    private static ConsumerRecord<String, PollTarget> record(String key, PollTarget value) {
        return new ConsumerRecord<>("tracking.poll-targets.v1", 2, 0L, key, value);
    }

    private static PollTarget target(CanonicalStatus status) {
        return PollTarget.newBuilder().setParcelKey("elta:ZU1").setTenant("store-1").setShipmentId("s-1").setOrderId("o-1")
                .setCarrier("elta").setTrackingNumber("ZU1").setProvider("shiplemon").setProviderReference("ship-1")
                .setCurrentStatus(status).setUpdatedAt(Instant.EPOCH).build();
    }

    @Test
    void a_target_is_polled_until_its_tombstone() {
        listener.onRecord(record("elta:ZU1", target(CanonicalStatus.IN_TRANSIT)), null);
        assertThat(registry.targets("shiplemon")).singleElement().satisfies(t -> {
            assertThat(t.parcel().toString()).isEqualTo("elta:ZU1");
            assertThat(t.reference()).isEqualTo("ship-1");
        });

        listener.onRecord(record("elta:ZU1", null), null);

        assertThat(registry.size()).isZero();
    }

    @Test
    void a_target_already_terminal_is_not_polled_even_without_a_tombstone() {
        listener.onRecord(record("elta:ZU1", target(CanonicalStatus.IN_TRANSIT)), null);

        listener.onRecord(record("elta:ZU1", target(CanonicalStatus.DELIVERED)), null);

        assertThat(registry.size()).isZero();
    }

    @Test
    void a_target_without_a_key_is_ignored() {
        listener.onRecord(record(null, target(CanonicalStatus.IN_TRANSIT)), null);

        assertThat(registry.size()).isZero();
    }
}
