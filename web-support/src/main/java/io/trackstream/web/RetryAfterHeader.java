package io.trackstream.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} value (RFC 9110 §10.2.3), delay-seconds or an HTTP-date, as the wait it asks for.
 * What a caller makes of a wait that is past, zero or very long is the caller's rule.
 */
public final class RetryAfterHeader {

    /** The wait of delay-seconds too large for a {@code long}. */
    public static final Duration UNBOUNDED = Duration.ofSeconds(Long.MAX_VALUE);

    private RetryAfterHeader() {
    }

    /** The wait from {@code now}: negative for a date in the past; empty when absent or neither form. */
    public static Optional<Duration> waitFrom(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException tooLong) {
                return Optional.of(UNBOUNDED);
            }
        }
        try {
            return Optional.of(Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }
}
