package io.trackstream.pollers.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2024-07-15T10:35:00Z");

    @Test
    void reads_delay_seconds() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void reads_an_http_date_as_the_wait_until_then() {
        assertThat(RetryAfter.parse("Mon, 15 Jul 2024 10:35:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void a_date_in_the_past_means_now_and_nonsense_means_not_said() {
        assertThat(RetryAfter.parse("Mon, 15 Jul 2024 10:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("soon", NOW)).isNull();
        assertThat(RetryAfter.parse(null, NOW)).isNull();
    }
}
