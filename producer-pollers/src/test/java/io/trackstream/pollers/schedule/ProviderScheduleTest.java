package io.trackstream.pollers.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;

import io.trackstream.pollers.carrier.shiplemon.ShiplemonAdapter;
import org.junit.jupiter.api.Test;

class ProviderScheduleTest {

    private final ProviderSchedule shiplemon = ProviderSchedule.of("shiplemon", new ShiplemonAdapter(io.trackstream.contract.CarrierTimes.defaults()).defaultSchedule(), ZoneId.of("UTC"));

    @Test
    void shiplemon_by_default_fires_at_five_and_thirty_five_past_every_hour() {
        Instant t = Instant.parse("2024-07-15T10:20:00Z");
        Instant first = shiplemon.nextAfter(t);
        Instant second = shiplemon.nextAfter(first);
        Instant third = shiplemon.nextAfter(second);

        assertThat(first).isEqualTo("2024-07-15T10:35:00Z");
        assertThat(second).isEqualTo("2024-07-15T11:05:00Z");
        assertThat(third).isEqualTo("2024-07-15T11:35:00Z");
    }

    @Test
    void a_fire_time_is_never_repeated() {
        assertThat(shiplemon.nextAfter(Instant.parse("2024-07-15T10:05:00Z"))).isEqualTo("2024-07-15T10:35:00Z");
        assertThat(shiplemon.nextAfter(Instant.parse("2024-07-15T23:50:00Z"))).isEqualTo("2024-07-16T00:05:00Z");
    }

    @Test
    void a_schedule_is_read_in_the_configured_zone() {
        ProviderSchedule nineInAthens = ProviderSchedule.of("salesive", "0 0 9 * * *", ZoneId.of("Europe/Athens"));

        assertThat(nineInAthens.nextAfter(Instant.parse("2024-07-15T00:00:00Z"))).isEqualTo("2024-07-15T06:00:00Z");
    }

    @Test
    void a_broken_expression_is_refused_naming_the_setting() {
        assertThatThrownBy(() -> ProviderSchedule.of("shiplemon", "5,35 * * * *", ZoneId.of("UTC")))
                .hasMessageContaining("trackstream.pollers.providers.shiplemon.schedule");
    }
}
