package io.trackstream.notifier.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Retry-After as RFC 9110 writes it: seconds or an HTTP date. */
class RetryAfterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void readsDelaySeconds() {
        assertThat(RetryAfter.parse("120", CLOCK)).contains(Duration.ofMinutes(2));
    }

    @Test
    void readsAnHttpDate() {
        assertThat(RetryAfter.parse("Mon, 07 Dec 2026 10:05:00 GMT", CLOCK)).contains(Duration.ofMinutes(5));
    }

    @Test
    void ignoresWhatItCannotUse() {
        assertThat(RetryAfter.parse(null, CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("soon", CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("0", CLOCK)).isEmpty();
        assertThat(RetryAfter.parse("Mon, 07 Dec 2026 09:00:00 GMT", CLOCK)).as("in the past").isEmpty();
    }

    @Test
    void capsAnAbsurdValue() {
        assertThat(RetryAfter.parse("99999999999999999999", CLOCK)).contains(RetryAfter.MAX);
        assertThat(RetryAfter.parse("864000", CLOCK)).contains(RetryAfter.MAX);
    }
}
