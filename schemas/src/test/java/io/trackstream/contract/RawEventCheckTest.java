package io.trackstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.trackstream.avro.EventSource;
import io.trackstream.avro.Location;
import io.trackstream.avro.RawTrackingEvent;

class RawEventCheckTest {

    private static final Instant RECEIVED = Instant.parse("2024-07-15T10:05:00Z");

    static RawTrackingEvent.Builder seedEvent() {
        return RawTrackingEvent.newBuilder()
                .setEventId("e-1").setSource(EventSource.POLL).setProvider("shiplemon").setCarrier("elta")
                .setTrackingNumber("ZU500011420GR").setCarrierStatusCode("DELIVERED").setCarrierSubstatus(null)
                .setCarrierStatusText("ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ")
                .setEventTime(Instant.parse("2024-07-15T10:02:00Z")).setReceivedTime(RECEIVED)
                .setLocation(new Location("Κέντρο διαλογής", "Αθήνα", "10442", "GR"))
                .setAttributes(Map.of("service", "elta_courier_porta_porta"))
                .setRawPayload(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSeedsEventsAreWithinEveryBound() {
        assertThat(RawEventCheck.check(seedEvent().build())).isEmpty();
    }

    @Test
    void eachFieldAtItsLimitPassesAndOneByteMoreIsRefusedNamingIt() {
        String atLimit = "Ω".repeat(TrackingLimits.MAX_STATUS_TEXT_BYTES / 2);
        assertThat(RawEventCheck.check(seedEvent().setCarrierStatusText(atLimit).build())).isEmpty();
        var over = RawEventCheck.check(seedEvent().setCarrierStatusText(atLimit + "x").build());
        assertThat(over).hasValueSatisfying(v -> {
            assertThat(v.field()).isEqualTo("carrierStatusText");
            assertThat(v.tooLarge()).isTrue();
            assertThat(v.detail()).contains("1025 bytes", "1024");
        });
        assertThat(RawEventCheck.check(seedEvent().setTrackingNumber("9".repeat(65)).build()))
                .hasValueSatisfying(v -> assertThat(v.field()).isEqualTo("trackingNumber"));
        assertThat(RawEventCheck.check(seedEvent().setLocation(new Location(null, "A".repeat(129), null, null)).build()))
                .hasValueSatisfying(v -> assertThat(v.field()).isEqualTo("location.city"));
        assertThat(RawEventCheck.check(seedEvent()
                .setRawPayload(ByteBuffer.wrap(new byte[TrackingLimits.MAX_RAW_PAYLOAD_BYTES + 1])).build()))
                .hasValueSatisfying(v -> assertThat(v.field()).isEqualTo("rawPayload"));
    }

    @Test
    void eventTimesFrom2000ToADayAfterReceiptAreAccepted() {
        assertThat(RawEventCheck.check(seedEvent().setEventTime(TrackingLimits.EARLIEST_EVENT_TIME).build())).isEmpty();
        assertThat(RawEventCheck.check(seedEvent().setEventTime(RECEIVED.plus(TrackingLimits.MAX_EVENT_TIME_AHEAD)).build())).isEmpty();
        for (Instant bad : List.of(TrackingLimits.EARLIEST_EVENT_TIME.minusMillis(1), Instant.parse("1700-01-01T00:00:00Z"),
                RECEIVED.plus(TrackingLimits.MAX_EVENT_TIME_AHEAD).plusMillis(1), Instant.MAX, Instant.MIN)) {
            assertThat(RawEventCheck.check(seedEvent().setEventTime(bad).build())).as(bad.toString())
                    .hasValueSatisfying(v -> assertThat(v.field()).isEqualTo("eventTime"));
        }
    }

    @Test
    void aBatchIsOneIdPerPayloadAndItsSizePerParcel() {
        List<RawTrackingEvent> events = new ArrayList<>(List.of(seedEvent().build(), seedEvent().setEventId("e-2").build(),
                seedEvent().setTrackingNumber("ZU500099999GR").build()));
        EventBatches.stamp(events);
        assertThat(events).extracting(RawTrackingEvent::getBatchId).doesNotContainNull().containsOnly(events.get(0).getBatchId());
        assertThat(events).extracting(RawTrackingEvent::getBatchSize).containsExactly(2, 2, 1);
        assertThat(RawEventCheck.check(events.get(0))).isEmpty();
        assertThat(RawEventCheck.check(seedEvent().setBatchId("a|b").build()))
                .hasValueSatisfying(v -> assertThat(v.field()).isEqualTo("batchId"));
    }

    @Test
    void timesWithoutAnOffsetAreTheCarriersLocalTime() {
        CarrierTimes times = CarrierTimes.defaults();
        // July: Athens is UTC+3
        assertThat(times.parse("2024-07-15T13:02:00", "elta")).contains(Instant.parse("2024-07-15T10:02:00Z"));
        assertThat(times.parse("2024-01-15T13:02:00", "ELTA")).contains(Instant.parse("2024-01-15T11:02:00Z"));
        assertThat(times.parse("2024-07-15", "acs")).contains(Instant.parse("2024-07-14T21:00:00Z"));
        assertThat(times.parse("2024-07-15T13:02:00", "ups")).contains(Instant.parse("2024-07-15T13:02:00Z"));
        assertThat(times.parse("2024-07-15T10:02:00.000Z", "elta")).contains(Instant.parse("2024-07-15T10:02:00Z"));
        assertThat(times.parse("2024-07-15T13:02:00+03:00", "ups")).contains(Instant.parse("2024-07-15T10:02:00Z"));
        assertThat(times.parse("yesterday", "elta")).isEmpty();
        // a far-future time is read, then refused by the check
        Instant far = times.parse("+999999999-12-31T23:59:59", "elta").orElseThrow();
        assertThat(RawEventCheck.eventTime(far, RECEIVED)).hasValueSatisfying(v -> assertThat(v.field()).isEqualTo("eventTime"));
        assertThat(CarrierTimes.withOverrides(Map.of("UPS", "America/New_York")).parse("2024-07-15T06:02:00", "ups"))
                .contains(Instant.parse("2024-07-15T10:02:00Z"));
    }
}
