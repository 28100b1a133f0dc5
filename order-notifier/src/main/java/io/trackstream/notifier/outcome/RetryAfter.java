package io.trackstream.notifier.outcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. A value that is
 * neither, or lies in the past, is ignored; a value beyond {@link #MAX} is capped, so one odd answer cannot park a
 * target for days.
 */
public final class RetryAfter {

    static final Duration MAX = Duration.ofHours(6);

    private RetryAfter() {
    }

    public static Optional<Duration> parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        Duration delay;
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                delay = Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException tooLong) {
                delay = MAX;
            }
        } else {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                delay = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (delay.isNegative() || delay.isZero()) {
            return Optional.empty();
        }
        return Optional.of(delay.compareTo(MAX) > 0 ? MAX : delay);
    }
}
