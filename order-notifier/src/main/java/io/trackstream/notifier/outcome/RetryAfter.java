package io.trackstream.notifier.outcome;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.trackstream.web.RetryAfterHeader;

/**
 * The notifier's reading of an HTTP {@code Retry-After} header ({@link RetryAfterHeader}): a value that is neither
 * form, or asks for no wait, is ignored; a value beyond {@link #MAX} is capped, so one odd answer cannot park a
 * target for days.
 */
public final class RetryAfter {

    static final Duration MAX = Duration.ofHours(6);

    private RetryAfter() {
    }

    public static Optional<Duration> parse(String value, Clock clock) {
        return RetryAfterHeader.waitFrom(value, clock.instant())
                .filter(delay -> !delay.isNegative() && !delay.isZero())
                .map(delay -> delay.compareTo(MAX) > 0 ? MAX : delay);
    }
}
