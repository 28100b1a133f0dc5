package io.trackstream.processor.state;

import static io.trackstream.avro.CanonicalStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.EventSource;
import io.trackstream.avro.ReasonCode;
import io.trackstream.avro.TrackingEvent;

class ParcelStatusRulesTest {

    @Test
    void theLatestEventByCarrierTimeDecides() {
        assertThat(decide(event(IN_TRANSIT, 1), event(OUT_FOR_DELIVERY, 2)).status()).isEqualTo(OUT_FOR_DELIVERY);
        assertThat(decide(event(OUT_FOR_DELIVERY, 1), event(IN_TRANSIT, 2)).status()).isEqualTo(IN_TRANSIT);
    }

    @Test
    void aTerminalStatusIsLeftOnlyForALegitimateFollower() {
        assertThat(decide(event(DELIVERED, 1), event(IN_TRANSIT, 2)).status()).isEqualTo(DELIVERED);
        assertThat(decide(event(DELIVERED, 1), event(OUT_FOR_DELIVERY, 2)).status()).isEqualTo(DELIVERED);
        assertThat(decide(event(DELIVERED, 1), event(RETURNING_TO_SENDER, 2)).status()).isEqualTo(RETURNING_TO_SENDER);
        assertThat(decide(event(DELIVERED, 1), event(EXCEPTION, 2)).status()).isEqualTo(EXCEPTION);
        assertThat(decide(event(RETURNED_TO_SENDER, 1), event(DELIVERED, 2)).status()).isEqualTo(RETURNED_TO_SENDER);
        assertThat(decide(event(CANCELLED, 1), event(INFO_RECEIVED, 2)).status()).isEqualTo(CANCELLED);
        assertThat(decide(event(CANCELLED, 1), event(PICKED_UP, 2)).status()).isEqualTo(PICKED_UP);
        assertThat(decide(event(EXPIRED, 1), event(IN_TRANSIT, 2)).status()).isEqualTo(IN_TRANSIT);
    }

    @Test
    void aSecondDeliveredEventKeepsTheFirstDeliveredTime() {
        TrackingEvent first = event(DELIVERED, 1);
        assertThat(decide(first, event(DELIVERED, 2)).cause()).isSameAs(first);
    }

    @Test
    void unknownNeverReplacesAKnownStatus() {
        assertThat(decide(event(IN_TRANSIT, 1), event(UNKNOWN, 2)).status()).isEqualTo(IN_TRANSIT);
        assertThat(decide(event(UNKNOWN, 1)).status()).isEqualTo(UNKNOWN);
        assertThat(decide(event(UNKNOWN, 2), event(IN_TRANSIT, 1)).status()).isEqualTo(IN_TRANSIT);
        assertThat(decide().status()).isNull();
    }

    @Test
    void eventsAtTheSameInstantAreOrderedByProgress() {
        assertThat(decide(event(DELIVERED, 5), event(OUT_FOR_DELIVERY, 5)).status()).isEqualTo(DELIVERED);
    }

    @Test
    void theOutcomeDependsOnTheSetOfEventsNotOnTheirArrivalOrder() {
        List<TrackingEvent> events = List.of(event(DELIVERED, 1), event(EXCEPTION, 4), event(IN_TRANSIT, 3),
                event(INFO_RECEIVED, 2), event(CANCELLED, 0), event(UNKNOWN, 6));
        CanonicalStatus expected = decide(events.toArray(TrackingEvent[]::new)).status();
        for (int i = 0; i < 20; i++) {
            List<TrackingEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, new java.util.Random(i));
            assertThat(decide(shuffled.toArray(TrackingEvent[]::new)).status()).isEqualTo(expected);
        }
        assertThat(expected).isEqualTo(EXCEPTION);
    }

    @Test
    void terminalStatusesAreTheOnesThatStopPolling() {
        assertThat(List.of(CanonicalStatus.values())).filteredOn(ParcelStatusRules::isTerminal)
                .containsExactlyInAnyOrder(DELIVERED, RETURNED_TO_SENDER, CANCELLED, EXPIRED);
        assertThat(ParcelStatusRules.isTerminal(null)).isFalse();
    }

    private static StatusDecision decide(TrackingEvent... events) {
        List<TrackingEvent> sorted = new ArrayList<>(List.of(events));
        sorted.sort(ParcelStatusRules.HISTORY_ORDER);
        return ParcelStatusRules.decide(sorted);
    }

    static TrackingEvent event(CanonicalStatus status, int hour) {
        return TrackingEvent.newBuilder()
                .setEventKey(status + "@" + hour)
                .setStatus(status)
                .setReason(ReasonCode.NONE)
                .setProvider("generic")
                .setSource(EventSource.WEBHOOK)
                .setCarrierStatusCode(status.name())
                .setEventTime(Instant.parse("2024-01-18T00:00:00Z").plusSeconds(3600L * hour))
                .setReceivedTime(Instant.parse("2024-01-19T00:00:00Z"))
                .build();
    }
}
