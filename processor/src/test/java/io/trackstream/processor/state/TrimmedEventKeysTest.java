package io.trackstream.processor.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.ReasonCode;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.contract.ParcelKey;
import io.trackstream.processor.mapping.MappedStatus;
import io.trackstream.processor.testing.Seeds;

class TrimmedEventKeysTest {

    private static final ParcelKey KEY = ParcelKey.of("ups", "1Z0000000000000001");

    private static RawTrackingEvent scan(int hour) {
        return Seeds.courierSync(KEY.carrier(), KEY.trackingNumber(), "in_transit", null,
                Instant.parse("2024-01-18T00:00:00Z").plusSeconds(3600L * hour)).build();
    }

    private static TrackingEvent event(RawTrackingEvent raw) {
        return TrackingEvents.from(raw, TrackingEvents.keyOf(raw), MappedStatus.of(CanonicalStatus.IN_TRANSIT, ReasonCode.NONE));
    }

    @Test
    void keepsTheLatestTrimmedKeysUpToTheBound() {
        List<TrackingEvent> trimmed = new ArrayList<>();
        for (int hour = 0; hour < 5; hour++) {
            trimmed.add(event(scan(hour)));
        }
        ByteBuffer first = TrimmedEventKeys.with(null, trimmed.subList(0, 2), 3);
        ByteBuffer keys = TrimmedEventKeys.with(first, trimmed.subList(2, 5), 3);

        assertThat(TrimmedEventKeys.count(keys)).isEqualTo(3);
        assertThat(trimmed).extracting(e -> TrimmedEventKeys.contains(keys, e.getEventKey()))
                .containsExactly(false, false, true, true, true);
    }

    @Test
    void aMarkIsTheKeysFirstEightBytes() {
        assertThat(TrimmedEventKeys.markOf("0123456789abcdef0011223344556677")).isEqualTo(0x0123456789abcdefL);
        assertThat(TrimmedEventKeys.contains(TrimmedEventKeys.NONE, "0123456789abcdef0011223344556677")).isFalse();
    }

    @Test
    void aParcelKeepsTheKeysOfItsTrimmedEntriesAsManyAsItsHistoryHolds() {
        ParcelAggregator aggregator = new ParcelAggregator(2);
        Parcel parcel = null;
        List<RawTrackingEvent> scans = new ArrayList<>();
        for (int hour = 0; hour < 6; hour++) {
            RawTrackingEvent raw = scan(hour);
            scans.add(raw);
            parcel = aggregator.apply(parcel, KEY, raw, event(raw)).orElseThrow();
        }
        Parcel last = parcel;

        assertThat(last.getHistory()).hasSize(2);
        assertThat(TrimmedEventKeys.count(last.getTrimmedEventKeys())).isEqualTo(2);
        assertThat(scans).extracting(raw -> aggregator.holds(last, TrackingEvents.keyOf(raw), raw))
                .containsExactly(false, false, true, true, true, true);
    }
}
