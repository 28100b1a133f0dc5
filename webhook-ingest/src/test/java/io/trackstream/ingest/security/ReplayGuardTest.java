package io.trackstream.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ReplayGuardTest {

    @Test
    void aSignatureIsRefusedWithinTheWindowAndForgottenAfterIt() {
        MutableClock clock = new MutableClock(Instant.parse("2024-07-15T10:00:00Z"));
        ReplayGuard guard = new ReplayGuard(Duration.ofMinutes(5), clock);

        assertThat(guard.claim("sig-1")).isTrue();
        assertThat(guard.claim("sig-1")).isFalse();
        assertThat(guard.claim("sig-2")).isTrue();

        clock.advance(Duration.ofMinutes(5).plusSeconds(2));
        assertThat(guard.claim("sig-3")).isTrue();
        assertThat(guard.remembered()).as("expired claims are evicted, memory stays bounded by the window").isEqualTo(1);
        assertThat(guard.claim("sig-1")).isTrue();
    }
}
