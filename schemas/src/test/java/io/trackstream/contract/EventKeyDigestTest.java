package io.trackstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.trackstream.avro.EventSource;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.fixtures.SeedRecords;
import org.junit.jupiter.api.Test;

class EventKeyDigestTest {

    /** The Shiplemon ELTA seed history, as a poll publishes it. */
    private static List<RawTrackingEvent> seedHistory(Instant receivedAt) {
        return List.of(
                event("PRE_TRANSIT", null, SeedRecords.GREEK_CREATED, "2024-07-12T09:30:00Z", receivedAt),
                event("TRANSIT", "WITH_COURIER", SeedRecords.GREEK_WITH_COURIER, "2024-07-15T07:45:00Z", receivedAt),
                event("DELIVERED", null, SeedRecords.GREEK_DELIVERED, "2024-07-15T10:02:00Z", receivedAt));
    }

    private static RawTrackingEvent event(String code, String substatus, String text, String at, Instant receivedAt) {
        return SeedRecords.rawEvent().setCarrierStatusCode(code).setCarrierSubstatus(substatus).setCarrierStatusText(text)
                .setEventTime(Instant.parse(at)).setReceivedTime(receivedAt).build();
    }

    @Test
    void theDigestOfAHistoryIsTheDigestOfTheKeysTheProcessorFilesItsEventsUnder() {
        List<RawTrackingEvent> history = seedHistory(Instant.parse("2024-07-15T10:05:03Z"));
        List<String> keys = history.stream().map(e -> EventKey.of(e.getCarrier(), e.getTrackingNumber(), e.getCarrierStatusCode(),
                e.getCarrierSubstatus(), e.getEventTime(), e.getCarrierStatusText())).toList();

        assertThat(EventKeyDigest.ofEvents(history)).isEqualTo(EventKeyDigest.of(keys)).hasSize(32).matches("[0-9a-f]{32}");
    }

    @Test
    void orderRepeatsAndEachPollsOwnIdsAndTimesDoNotChangeIt() {
        List<RawTrackingEvent> first = seedHistory(Instant.parse("2024-07-15T10:05:03Z"));
        // the next poll, half an hour later: new receipt times and event ids, entries newest first, one sent twice
        List<RawTrackingEvent> again = new ArrayList<>(seedHistory(Instant.parse("2024-07-15T10:35:03Z")).stream()
                .map(e -> RawTrackingEvent.newBuilder(e).setEventId(java.util.UUID.randomUUID().toString())
                        .setSource(EventSource.SYNC).setBatchId("b-2").setBatchSize(4).build()).toList());
        java.util.Collections.reverse(again);
        again.add(again.get(0));

        assertThat(EventKeyDigest.ofEvents(again)).isEqualTo(EventKeyDigest.ofEvents(first));
        assertThat(EventKeyDigest.unchanged(EventKeyDigest.ofEvents(first), again)).isTrue();
    }

    @Test
    void aNewEventOrAnotherGreekTextMakesAnotherDigest() {
        Instant at = Instant.parse("2024-07-15T10:05:03Z");
        List<RawTrackingEvent> history = seedHistory(at);
        String held = EventKeyDigest.ofEvents(history.subList(0, 2));

        assertThat(EventKeyDigest.unchanged(held, history)).as("a third event").isFalse();
        List<RawTrackingEvent> otherText = List.of(history.get(0), RawTrackingEvent.newBuilder(history.get(1))
                .setCarrierStatusText("ΠΡΟΣ ΠΑΡΑΔΟΣΗ ΣΤΟ ΚΑΤΑΣΤΗΜΑ").build());
        assertThat(EventKeyDigest.unchanged(held, otherText)).as("the carrier reworded an entry").isFalse();
        List<RawTrackingEvent> fewer = history.subList(0, 1);
        assertThat(EventKeyDigest.unchanged(held, fewer)).as("an entry the carrier no longer shows").isFalse();
        // case of the carrier and code, and blanks around the text, are not part of an event's meaning
        List<RawTrackingEvent> sameMeaning = List.of(history.get(0), RawTrackingEvent.newBuilder(history.get(1))
                .setCarrier("ELTA").setCarrierStatusCode("transit").setCarrierStatusText(" " + SeedRecords.GREEK_WITH_COURIER + " ").build());
        assertThat(EventKeyDigest.unchanged(held, sameMeaning)).isTrue();
    }

    @Test
    void withoutADigestOrEventsNothingIsUnchanged() {
        List<RawTrackingEvent> history = seedHistory(Instant.parse("2024-07-15T10:05:03Z"));
        assertThat(EventKeyDigest.of(List.of())).isNull();
        assertThat(EventKeyDigest.unchanged(null, history)).isFalse();
        assertThat(EventKeyDigest.unchanged(EventKeyDigest.ofEvents(history), List.of())).isFalse();
    }
}
