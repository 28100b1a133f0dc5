package io.trackstream.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import io.trackstream.fixtures.MutableClock;

class ReplayGuardTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2024-07-15T10:00:00Z"));
    /** The cache's time moves with the test's clock; its maintenance runs on the calling thread here. */
    private final Ticker ticker = () -> clock.millis() * 1_000_000L;

    private ReplayGuard guard(long maxEntries) {
        return new ReplayGuard(WINDOW, maxEntries, clock, ticker, Runnable::run);
    }

    private static ReplayGuard.Key key(int n) {
        return new ReplayGuard.Key("shiplemon", n, n);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    @Test
    void aSettledSignatureIsAReplayUntilItsTimestampLeavesTheWindow() {
        ReplayGuard guard = guard(100);
        ReplayGuard.Claim first = guard.claim(key(1), now());
        assertThat(first).isInstanceOf(ReplayGuard.Owned.class);
        guard.settle((ReplayGuard.Owned) first, "202");

        assertThat(guard.claim(key(1), now())).isEqualTo(ReplayGuard.Replayed.INSTANCE);
        assertThat(guard.claim(key(2), now())).isInstanceOf(ReplayGuard.Owned.class);

        clock.advance(WINDOW.plusSeconds(2));
        assertThat(guard.remembered()).as("expired signatures are swept: memory is bounded by the window").isZero();
        assertThat(guard.claim(key(1), now())).isInstanceOf(ReplayGuard.Owned.class);
    }

    @Test
    void aSignatureSignedAheadOfTheServersClockIsRememberedUntilItsTimestampExpires() {
        ReplayGuard guard = guard(100);
        long fourMinutesAhead = now() + 240;
        guard.settle((ReplayGuard.Owned) guard.claim(key(1), fourMinutesAhead), "202");

        // 6 minutes on, the timestamp is 2 minutes old: still valid, so still a replay
        clock.advance(Duration.ofMinutes(6));
        assertThat(guard.claim(key(1), fourMinutesAhead)).isEqualTo(ReplayGuard.Replayed.INSTANCE);
        clock.advance(Duration.ofMinutes(4));
        assertThat(guard.remembered()).isZero();
    }

    @Test
    void aCopyInFlightWaitsForTheFirstOutcomeAndAReleasedClaimCanBeTakenOver() throws Exception {
        ReplayGuard guard = guard(100);
        ReplayGuard.Owned first = (ReplayGuard.Owned) guard.claim(key(1), now());

        ReplayGuard.Claim copy = guard.claim(key(1), now());
        assertThat(copy).isInstanceOf(ReplayGuard.InFlight.class);
        guard.release(first);
        assertThat(((ReplayGuard.InFlight) copy).outcome().get()).isSameAs(ReplayGuard.RELEASED);

        ReplayGuard.Claim retry = guard.claim(key(1), now());
        assertThat(retry).isInstanceOf(ReplayGuard.Owned.class);
        ReplayGuard.Claim another = guard.claim(key(1), now());
        guard.settle((ReplayGuard.Owned) retry, "202");
        assertThat(((ReplayGuard.InFlight) another).outcome().get()).isEqualTo("202");
    }

    @Test
    void pastItsSizeTheGuardRefusesNewSignaturesInsteadOfForgettingOld_ones() {
        ReplayGuard guard = guard(3);
        for (int i = 0; i < 3; i++) {
            guard.settle((ReplayGuard.Owned) guard.claim(key(i), now()), "202");
        }

        assertThat(guard.claim(key(99), now())).isEqualTo(ReplayGuard.Full.INSTANCE);
        assertThat(guard.claim(key(0), now())).as("nothing was forgotten").isEqualTo(ReplayGuard.Replayed.INSTANCE);
        assertThat(guard.evictedBySize()).isZero();

        clock.advance(WINDOW.plusSeconds(1));
        guard.remembered();
        assertThat(guard.claim(key(99), now())).as("room again once signatures expire").isInstanceOf(ReplayGuard.Owned.class);
    }

    @Test
    void expiredSignaturesAreSweptByTheGuardsOwnThreadNotByRequests() {
        try (ReplayGuard guard = new ReplayGuard(Duration.ofSeconds(1), 100, Clock.systemUTC())) {
            long signedAt = Instant.now().getEpochSecond();
            guard.settle((ReplayGuard.Owned) guard.claim(key(1), signedAt), "202");
            assertThat(guard.size()).isEqualTo(1);

            // no further claims: only the scheduled sweep can empty it
            await().atMost(Duration.ofSeconds(10)).until(() -> guard.size() == 0);
        }
    }
}
