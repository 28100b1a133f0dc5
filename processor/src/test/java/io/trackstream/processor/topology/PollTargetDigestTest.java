package io.trackstream.processor.topology;

import static io.trackstream.processor.testing.Seeds.ELTA_TRACKING;
import static io.trackstream.processor.testing.Seeds.registration;
import static io.trackstream.processor.testing.Seeds.shiplemon;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.PollTarget;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.contract.EventKeyDigest;
import io.trackstream.processor.testing.TopologyHarness;

/**
 * A parcel's poll target carries the digest of the event keys the parcel holds (issue 21 point 3), so that a poller
 * can leave out a polled history the processor already has. The target is written again when a new event changes
 * that set, not for a repeat, and a stopped (terminal) parcel is not written again for a scan after delivery.
 */
class PollTargetDigestTest {

    private static final String ELTA_PARCEL = "elta:" + ELTA_TRACKING;
    private static final Instant POLLED_AT = Instant.parse("2024-07-15T10:05:00Z");

    private static RawTrackingEvent created(Instant receivedAt) {
        return shiplemon(ELTA_TRACKING, "PRE_TRANSIT", null, "2024-07-12T14:17:00.000Z", "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ")
                .setReceivedTime(receivedAt).build();
    }

    private static RawTrackingEvent unloaded(Instant receivedAt) {
        return shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-14T06:10:00.000Z", "ΕΚΦΟΡΤΩΣΗ ΑΠΟ ΜΕΤΑΦΟΡΙΚΟ ΜΕΣΟ")
                .setReceivedTime(receivedAt).build();
    }

    private static RawTrackingEvent sorted(Instant receivedAt) {
        return shiplemon(ELTA_TRACKING, "TRANSIT", null, "2024-07-15T06:40:00.000Z", "ΑΝΑΧΩΡΗΣΗ ΑΠΟ ΚΕΝΤΡΟ ΔΙΑΛΟΓΗΣ")
                .setReceivedTime(receivedAt).build();
    }

    private static Instant poll(int n) {
        return POLLED_AT.plusSeconds(1800L * n);
    }

    @Test
    void theTargetCarriesTheDigestOfTheHeldKeysAndIsWrittenAgainOnlyForANewEvent() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            assertThat(t.pollTargets.readValue().getEventKeyDigest()).as("registered, no events yet").isNull();

            // Given a first poll with two entries
            List<RawTrackingEvent> first = List.of(unloaded(poll(0)), created(poll(0)));
            t.sendPoll(first);
            PollTarget target = t.pollTargets.readValue();
            assertThat(target.getCurrentStatus()).isEqualTo(CanonicalStatus.IN_TRANSIT);
            // the digest the pollers compute over the same history, with the same function
            assertThat(target.getEventKeyDigest()).isEqualTo(EventKeyDigest.ofEvents(first)).hasSize(32);

            // When the same history is polled again (new ids and receipt times, other order): no new target
            t.sendPoll(List.of(created(poll(1)), unloaded(poll(1))));
            assertThat(t.pollTargets.isEmpty()).as("a repeated history writes no poll target").isTrue();

            // When a new entry arrives that leaves the status as it was
            List<RawTrackingEvent> third = List.of(sorted(poll(2)), unloaded(poll(2)), created(poll(2)));
            t.sendPoll(third);

            // Then the target is written again, same status, with the new set's digest
            PollTarget next = t.pollTargets.readValue();
            assertThat(next.getCurrentStatus()).isEqualTo(CanonicalStatus.IN_TRANSIT);
            assertThat(next.getEventKeyDigest()).isEqualTo(EventKeyDigest.ofEvents(third)).isNotEqualTo(target.getEventKeyDigest());
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getHistory()).hasSize(3);
            assertThat(t.pollTargets.isEmpty()).isTrue();
        }
    }

    @Test
    void aDeliveredParcelIsStoppedOnceAndNotWrittenAgainForALaterScan() {
        try (TopologyHarness t = new TopologyHarness()) {
            t.register(registration("shp-1", "elta", "shiplemon", ELTA_TRACKING).build());
            t.sendPoll(List.of(created(poll(0))));
            t.pollTargets.readValuesToList();

            t.sendPoll(List.of(shiplemon(ELTA_TRACKING, "DELIVERED", null, "2024-07-15T10:02:00.000Z",
                    "ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ").setReceivedTime(poll(1)).build(), created(poll(1))));
            List<TestRecord<String, PollTarget>> stopped = t.pollTargets.readRecordsToList();
            assertThat(stopped).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(ELTA_PARCEL);
                assertThat(r.value()).as("the tombstone that stops polling").isNull();
            });

            // a scan after delivery is a new event, but the parcel stays delivered and stays unpolled
            t.send(shiplemon(ELTA_TRACKING, "DELIVERED", null, "2024-07-15T11:30:00.000Z", "ΕΠΙΣΤΡΟΦΗ ΑΠΟΔΕΙΚΤΙΚΟΥ ΠΑΡΑΔΟΣΗΣ")
                    .setReceivedTime(poll(2)).build());
            assertThat(t.parcelsStore().get(ELTA_PARCEL).getHistory()).hasSize(3);
            assertThat(t.pollTargets.isEmpty()).isTrue();
        }
    }
}
