package io.trackstream.notifier.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.trackstream.fixtures.MutableClock;
import io.trackstream.notifier.outcome.CallOutcome;
import io.trackstream.notifier.outcome.RetryableFailure;
import io.trackstream.notifier.outcome.Target;

/** One circuit per tenant and order system: one tenant's failures never stop another's calls. */
class CircuitBreakersTest {

    private static final TenantTarget ACME_CARRIYO = new TenantTarget("acme", Target.CARRIYO);
    private static final TenantTarget ACME_SHOP = new TenantTarget("acme", Target.SHOP);
    private static final TenantTarget GLOBEX_CARRIYO = new TenantTarget("globex", Target.CARRIYO);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final CircuitBreakers circuits = new CircuitBreakers(new WaitingProperties.Circuit(3, Duration.ofSeconds(30)), clock);

    @Test
    void opensAfterTheThresholdForThatTargetOnly() {
        circuits.failed(ACME_CARRIYO, refused());
        circuits.failed(ACME_CARRIYO, refused());
        assertThat(circuits.allowsCall(ACME_CARRIYO)).as("below the threshold").isTrue();

        circuits.failed(ACME_CARRIYO, refused());

        assertThat(circuits.allowsCall(ACME_CARRIYO)).isFalse();
        assertThat(circuits.allowsCall(GLOBEX_CARRIYO)).as("another tenant").isTrue();
        assertThat(circuits.allowsCall(ACME_SHOP)).as("the same tenant's other order system").isTrue();
        assertThat(circuits.open(Target.CARRIYO)).isEqualTo(1);
        assertThat(circuits.open(Target.SHOP)).isZero();
    }

    @Test
    void aSuccessInBetweenStartsTheCountAgain() {
        circuits.failed(ACME_CARRIYO, refused());
        circuits.failed(ACME_CARRIYO, refused());
        circuits.succeeded(ACME_CARRIYO);
        circuits.failed(ACME_CARRIYO, refused());
        circuits.failed(ACME_CARRIYO, refused());

        assertThat(circuits.allowsCall(ACME_CARRIYO)).isTrue();
    }

    @Test
    void afterOpenForOneTrialCallGoesThroughAndItsSuccessCloses() {
        open(ACME_CARRIYO);
        clock.advance(Duration.ofSeconds(31));

        assertThat(circuits.allowsCall(ACME_CARRIYO)).as("the trial").isTrue();
        assertThat(circuits.allowsCall(ACME_CARRIYO)).as("while the trial is out").isFalse();

        circuits.succeeded(ACME_CARRIYO);
        assertThat(circuits.allowsCall(ACME_CARRIYO)).isTrue();
        assertThat(circuits.open(Target.CARRIYO)).isZero();
    }

    @Test
    void aFailedTrialKeepsItOpen() {
        open(ACME_CARRIYO);
        clock.advance(Duration.ofSeconds(31));
        assertThat(circuits.allowsCall(ACME_CARRIYO)).isTrue();

        circuits.failed(ACME_CARRIYO, refused());

        clock.advance(Duration.ofSeconds(29));
        assertThat(circuits.allowsCall(ACME_CARRIYO)).isFalse();
    }

    @Test
    void retryAfterOpensAtOnceForAsLongAsItSays() {
        circuits.failed(ACME_CARRIYO, new RetryableFailure(Target.CARRIYO, CallOutcome.THROTTLED, 429,
                Duration.ofMinutes(10), "slow down", null));

        assertThat(circuits.allowsCall(ACME_CARRIYO)).isFalse();
        clock.advance(Duration.ofMinutes(9));
        assertThat(circuits.allowsCall(ACME_CARRIYO)).as("open-for is 30 s, Retry-After 10 min").isFalse();
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(circuits.allowsCall(ACME_CARRIYO)).isTrue();
        assertThat(circuits.lastFailure(ACME_CARRIYO)).get().extracting(RetryableFailure::getMessage).isEqualTo("slow down");
    }

    private void open(TenantTarget target) {
        for (int i = 0; i < 3; i++) {
            circuits.failed(target, refused());
        }
        assertThat(circuits.allowsCall(target)).isFalse();
    }

    private static RetryableFailure refused() {
        return new RetryableFailure(Target.CARRIYO, CallOutcome.IO_ERROR, 0, "Connection refused", null);
    }
}
