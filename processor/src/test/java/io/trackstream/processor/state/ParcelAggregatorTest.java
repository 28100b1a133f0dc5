package io.trackstream.processor.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.ReasonCode;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.contract.ParcelKey;
import io.trackstream.processor.mapping.MappedStatus;
import io.trackstream.processor.testing.Seeds;

class ParcelAggregatorTest {

    private static final ParcelKey KEY = ParcelKey.of("ups", "1Z0000000000000001");
    private final ParcelAggregator aggregator = new ParcelAggregator(3);

    @Test
    void keepsTheHistorySortedByCarrierTimeAndTheStatusFromTheLatest() {
        Parcel parcel = apply(null, "out_for_delivery", CanonicalStatus.OUT_FOR_DELIVERY, "2024-01-19T08:00:00Z");
        parcel = apply(parcel, "in_transit", CanonicalStatus.IN_TRANSIT, "2024-01-18T08:00:00Z");

        assertThat(parcel.getHistory()).extracting(TrackingEvent::getStatus)
                .containsExactly(CanonicalStatus.IN_TRANSIT, CanonicalStatus.OUT_FOR_DELIVERY);
        assertThat(parcel.getStatus()).isEqualTo(CanonicalStatus.OUT_FOR_DELIVERY);
        assertThat(parcel.getStatusEventTime()).isEqualTo(Instant.parse("2024-01-19T08:00:00Z"));
        assertThat(parcel.getLastCarrierStatusCode()).isEqualTo("out_for_delivery");
    }

    @Test
    void anEventAlreadyInTheHistoryChangesNothing() {
        Parcel parcel = apply(null, "in_transit", CanonicalStatus.IN_TRANSIT, "2024-01-18T08:00:00Z");
        RawTrackingEvent resent = raw("in_transit", "2024-01-18T08:00:00Z");
        assertThat(aggregator.apply(parcel, KEY, resent, event(resent, CanonicalStatus.IN_TRANSIT))).isEmpty();
    }

    @Test
    void theDeliveredDateIsTheCarriersOwnWhenItGivesOne() {
        RawTrackingEvent delivered = RawTrackingEvent.newBuilder(raw("delivered", "2024-01-19T14:45:00Z"))
                .setDeliveredAt(Instant.parse("2024-01-19T14:44:00Z")).build();
        Parcel parcel = aggregator.apply(null, KEY, delivered, event(delivered, CanonicalStatus.DELIVERED)).orElseThrow();
        assertThat(parcel.getDeliveredAt()).isEqualTo(Instant.parse("2024-01-19T14:44:00Z"));

        Parcel returning = apply(parcel, "exception", CanonicalStatus.RETURNING_TO_SENDER, "2024-01-20T08:00:00Z");
        assertThat(returning.getDeliveredAt()).isNull();
    }

    @Test
    void aFullHistoryDropsItsOldestEntriesAndIgnoresOlderOnes() {
        Parcel parcel = null;
        for (int day = 10; day < 14; day++) {
            parcel = apply(parcel, "in_transit", CanonicalStatus.IN_TRANSIT, "2024-01-" + day + "T08:00:00Z");
        }
        assertThat(parcel.getHistory()).extracting(e -> e.getEventTime().toString())
                .containsExactly("2024-01-11T08:00:00Z", "2024-01-12T08:00:00Z", "2024-01-13T08:00:00Z");
        RawTrackingEvent old = raw("info_received", "2024-01-09T08:00:00Z");
        assertThat(aggregator.apply(parcel, KEY, old, event(old, CanonicalStatus.INFO_RECEIVED))).isEmpty();
    }

    @Test
    void lastCarrierUpdateIsTheLatestReceiptOfANewEvent() {
        Parcel parcel = apply(null, "in_transit", CanonicalStatus.IN_TRANSIT, "2024-01-18T08:00:00Z");
        assertThat(parcel.getLastCarrierUpdate()).isEqualTo(Instant.parse("2024-01-18T08:00:30Z"));
        assertThat(parcel.getExpectedDelivery()).isEqualTo(Instant.parse("2024-01-20T18:00:00Z"));
    }

    private Parcel apply(Parcel before, String code, CanonicalStatus status, String at) {
        RawTrackingEvent raw = raw(code, at);
        return aggregator.apply(before, KEY, raw, event(raw, status)).orElseThrow();
    }

    private static RawTrackingEvent raw(String code, String at) {
        return Seeds.courierSync(KEY.carrier(), KEY.trackingNumber(), code, null, Instant.parse(at)).build();
    }

    private static TrackingEvent event(RawTrackingEvent raw, CanonicalStatus status) {
        return TrackingEvents.from(raw, TrackingEvents.keyOf(raw), MappedStatus.of(status, ReasonCode.NONE));
    }
}
