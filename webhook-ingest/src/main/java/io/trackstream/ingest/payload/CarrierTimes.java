package io.trackstream.ingest.payload;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the timestamps carriers send. ISO 8601 with an offset or Z is exact. AfterShip-style checkpoints may come
 * without an offset ({@code 2024-07-15T10:02:00}) or as a bare date; those are read as UTC, because the carrier's
 * zone is not in the payload and a fixed rule at least keeps the order of one carrier's events.
 */
public final class CarrierTimes {

    private CarrierTimes() {
    }

    public static Optional<Instant> parse(String text) {
        String value = text.trim();
        try {
            return Optional.of(OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException notOffset) {
            // fall through to the forms without an offset
        }
        try {
            return Optional.of(LocalDateTime.parse(value, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException notLocal) {
            // fall through
        }
        try {
            return Optional.of(LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException notDate) {
            return Optional.empty();
        }
    }
}
