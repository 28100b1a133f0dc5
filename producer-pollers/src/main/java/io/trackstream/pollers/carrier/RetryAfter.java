package io.trackstream.pollers.carrier;

import java.time.Duration;
import java.time.Instant;

import io.trackstream.web.RetryAfterHeader;

/** The pollers' reading of an HTTP Retry-After header ({@link RetryAfterHeader}) as a wait from now. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait it asks for, never negative; null when absent, unreadable or past a {@code long} of seconds. */
    public static Duration parse(String header, Instant now) {
        return RetryAfterHeader.waitFrom(header, now)
                .filter(wait -> !wait.equals(RetryAfterHeader.UNBOUNDED))
                .map(wait -> wait.isNegative() ? Duration.ZERO : wait)
                .orElse(null);
    }
}
