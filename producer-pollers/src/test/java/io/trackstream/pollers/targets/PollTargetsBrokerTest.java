package io.trackstream.pollers.targets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.trackstream.avro.EventSource;
import io.trackstream.avro.PollTarget;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.pollers.schedule.PollCycle;
import io.trackstream.pollers.support.BrokerTestSupport;
import io.trackstream.pollers.support.Seeds;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.listener.MessageListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** What to poll comes from the compacted poll-target topic, through the real broker and consumer group. */
class PollTargetsBrokerTest extends BrokerTestSupport {

    @Autowired
    PollTargetRegistry registry;

    @Autowired
    PollCycle cycle;

    @Autowired
    ConcurrentKafkaListenerContainerFactory<String, PollTarget> pollTargetContainerFactory;

    private final List<ConcurrentMessageListenerContainer<String, PollTarget>> extraInstances = new ArrayList<>();

    @AfterEach
    void stopExtraInstances() {
        extraInstances.forEach(c -> c.stop());
    }

    @Test
    void targets_added_are_polled_once_per_reference_and_a_tombstone_stops_polling() {
        try (var producer = pollTargetProducer(); var raw = rawConsumerFromNow()) {
            // Given two parcels of one Shiplemon shipment and one parcel of another
            send(producer, POLL_TARGETS, "elta:ZU1", pollTarget("store-1", "s-1", "elta", "ZU1", "shiplemon", "be96511d"));
            send(producer, POLL_TARGETS, "elta:ZU2", pollTarget("store-1", "s-1", "elta", "ZU2", "shiplemon", "be96511d"));
            send(producer, POLL_TARGETS, "elta:ZU3", pollTarget("store-1", "s-2", "elta", "ZU3", "shiplemon", "other-1"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(keys(registry.targets("shiplemon")))
                    .containsExactlyInAnyOrder("elta:ZU1", "elta:ZU2", "elta:ZU3"));
            CARRIER.stubFor(get("/public/v1/shipments/be96511d/tracking")
                    .willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("shiplemon-tracking-200.json"))));
            CARRIER.stubFor(get("/public/v1/shipments/other-1/tracking")
                    .willReturn(aResponse().withStatus(200).withBody(Seeds.bytes("shiplemon-tracking-multi-piece.json"))));

            // When a cycle runs
            cycle.run("shiplemon", Instant.now());

            // Then each shipment was asked for once and every history entry is on the raw topic
            List<ConsumerRecord<String, RawTrackingEvent>> published = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                published.addAll(drain(raw));
                assertThat(published).hasSize(3 + 4);
            });
            CARRIER.verify(1, getRequestedFor(urlEqualTo("/public/v1/shipments/be96511d/tracking")));
            CARRIER.verify(1, getRequestedFor(urlEqualTo("/public/v1/shipments/other-1/tracking")));
            assertThat(published).allSatisfy(r -> assertThat(r.value().getSource()).isEqualTo(EventSource.POLL));
            assertThat(published).filteredOn(r -> r.key().equals("elta:tracking_ref"))
                    .extracting(r -> r.value().getCarrierStatusText())
                    .containsExactlyInAnyOrder("ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ",
                            "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ");
            assertThat(published).filteredOn(r -> r.key().equals("dhl:1190953890")).hasSize(4);

            // When the second shipment's parcel becomes terminal (tombstone)
            send(producer, POLL_TARGETS, "elta:ZU3", null);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(keys(registry.targets("shiplemon")))
                    .containsExactlyInAnyOrder("elta:ZU1", "elta:ZU2"));
            CARRIER.resetRequests();
            cycle.run("shiplemon", Instant.now());

            // Then the next cycle no longer asks for it
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    CARRIER.verify(1, getRequestedFor(urlEqualTo("/public/v1/shipments/be96511d/tracking"))));
            CARRIER.verify(0, getRequestedFor(urlEqualTo("/public/v1/shipments/other-1/tracking")));

            send(producer, POLL_TARGETS, "elta:ZU1", null);
            send(producer, POLL_TARGETS, "elta:ZU2", null);
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.targets("shiplemon").isEmpty());
        }
    }

    @Test
    void a_second_instance_in_the_group_takes_over_some_partitions_and_each_polls_only_its_own() {
        try (var producer = pollTargetProducer()) {
            for (int i = 0; i < 12; i++) {
                send(producer, POLL_TARGETS, "elta:SC" + i, pollTarget("store-1", "sc-" + i, "elta", "SC" + i, "courier-sync", "ref-" + i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.targets("courier-sync").size() == 12);

            // When a second instance joins the consumer group
            PollTargetRegistry secondRegistry = new PollTargetRegistry(new SimpleMeterRegistry());
            startSecondInstance(secondRegistry);

            // Then the partitions, and so the parcels, are split between the two, none twice and none lost
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Set<Integer> mine = registry.partitions();
                Set<Integer> theirs = secondRegistry.partitions();
                assertThat(mine).isNotEmpty();
                assertThat(theirs).isNotEmpty().doesNotContainAnyElementsOf(mine);
                Set<String> all = new HashSet<>(keys(registry.targets("courier-sync")));
                Set<String> other = new HashSet<>(keys(secondRegistry.targets("courier-sync")));
                assertThat(java.util.Collections.disjoint(all, other)).as("no parcel held by both instances").isTrue();
                all.addAll(other);
                assertThat(all).hasSize(12);
            });

            // When it leaves again, this instance polls everything again
            extraInstances.forEach(c -> c.stop());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(registry.partitions()).hasSize(3);
                assertThat(registry.targets("courier-sync")).hasSize(12);
            });

            for (int i = 0; i < 12; i++) {
                send(producer, POLL_TARGETS, "elta:SC" + i, null);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.targets("courier-sync").isEmpty());
        }
    }

    @Test
    void a_poll_target_of_an_aborted_transaction_never_takes_effect() {
        Map<String, Object> props = new java.util.HashMap<>(producerProps());
        props.put(org.apache.kafka.clients.producer.ProducerConfig.TRANSACTIONAL_ID_CONFIG, "stand-in-processor-tx");
        io.trackstream.serde.SpecificAvroSerializer<PollTarget> values = new io.trackstream.serde.SpecificAvroSerializer<>();
        values.configure(props, false);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, PollTarget>(props,
                new org.apache.kafka.common.serialization.StringSerializer(), values)) {
            producer.initTransactions();
            // Given the processor wrote a target in a transaction it then aborted (a crash, a fenced task) ...
            producer.beginTransaction();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(POLL_TARGETS, 0, "elta:ABORTED1",
                    pollTarget("store-1", "s-a", "elta", "ABORTED1", "salesive", "aborted-1")));
            producer.abortTransaction();
            // ... and after it, on the same partition, one it committed
            producer.beginTransaction();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(POLL_TARGETS, 0, "elta:COMMITTED1",
                    pollTarget("store-1", "s-c", "elta", "COMMITTED1", "salesive", "committed-1")));
            producer.commitTransaction();

            // Then the committed one is polled and the aborted one, read before it, never was
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(keys(registry.targets("salesive"))).contains("elta:COMMITTED1"));
            assertThat(keys(registry.targets("salesive"))).doesNotContain("elta:ABORTED1");

            producer.beginTransaction();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(POLL_TARGETS, 0, "elta:COMMITTED1", null));
            producer.commitTransaction();
            await().atMost(Duration.ofSeconds(30)).until(() -> registry.targets("salesive").isEmpty());
        }
    }

    private void startSecondInstance(PollTargetRegistry secondRegistry) {
        PollTargetLoading loading = new PollTargetLoading(secondRegistry, io.trackstream.pollers.resilience.RateShare.whole());
        PollTargetListener listener = new PollTargetListener(secondRegistry, loading);
        ConcurrentMessageListenerContainer<String, PollTarget> container = pollTargetContainerFactory.createContainer(POLL_TARGETS);
        container.getContainerProperties().setMessageListener(new SeekAwareRecordListener(listener));
        container.getContainerProperties().setConsumerRebalanceListener(loading);
        container.start();
        extraInstances.add(container);
    }

    /** The production listener, as a plain container's message listener (what @KafkaListener does for the app). */
    private record SeekAwareRecordListener(PollTargetListener delegate)
            implements MessageListener<String, PollTarget>, ConsumerSeekAware {

        @Override
        public void onMessage(ConsumerRecord<String, PollTarget> record) {
            delegate.onRecord(record, null);
        }

        @Override
        public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
            delegate.onPartitionsAssigned(assignments, callback);
        }

        @Override
        public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
            delegate.onPartitionsRevoked(partitions);
        }
    }

    private static List<String> keys(List<PollTargetEntry> entries) {
        return entries.stream().map(e -> e.parcel().toString()).toList();
    }
}
