package io.trackstream.contract;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the timestamps carriers send, the same way for webhooks and polls. ISO 8601 with an offset or Z is exact. A
 * date-time without an offset ({@code 2024-07-15T13:02:00}) or a bare date is the carrier's local time, read in the
 * carrier's zone: Europe/Athens for the Greek carriers of the seeds, UTC for a carrier the table does not name.
 */
public final class CarrierTimes {

    /** The zones of the carriers whose local times the seeds show; others are read as UTC unless configured. */
    public static final Map<String, ZoneId> DEFAULT_ZONES = Map.of(
            "elta", ZoneId.of("Europe/Athens"),
            "elta_courier_porta_porta", ZoneId.of("Europe/Athens"),
            "acs", ZoneId.of("Europe/Athens"),
            "geniki", ZoneId.of("Europe/Athens"),
            "speedex", ZoneId.of("Europe/Athens"),
            "courier_center", ZoneId.of("Europe/Athens"),
            "boxnow", ZoneId.of("Europe/Athens"));

    private final Map<String, ZoneId> zones;
    private final ZoneId fallback;

    public CarrierTimes(Map<String, ZoneId> zones, ZoneId fallback) {
        this.zones = Map.copyOf(zones);
        this.fallback = fallback;
    }

    /** The seeds' zones, UTC for any other carrier. */
    public static CarrierTimes defaults() {
        return new CarrierTimes(DEFAULT_ZONES, ZoneId.of("UTC"));
    }

    /** The defaults with {@code overrides} (carrier → zone id) on top; an unknown zone id fails at once. */
    public static CarrierTimes withOverrides(Map<String, String> overrides) {
        Map<String, ZoneId> merged = new java.util.HashMap<>(DEFAULT_ZONES);
        if (overrides != null) {
            overrides.forEach((carrier, zone) -> merged.put(carrier.trim().toLowerCase(Locale.ROOT), ZoneId.of(zone.trim())));
        }
        return new CarrierTimes(merged, ZoneId.of("UTC"));
    }

    public ZoneId zoneOf(String carrier) {
        return carrier == null ? fallback : zones.getOrDefault(carrier.trim().toLowerCase(Locale.ROOT), fallback);
    }

    /** The instant {@code text} names for {@code carrier}, or empty when it is no date-time or date this reads. */
    public Optional<Instant> parse(String text, String carrier) {
        if (text == null) {
            return Optional.empty();
        }
        String value = text.trim();
        if (value.isEmpty() || value.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException notOffset) {
            // fall through to the local forms
        }
        ZoneId zone = zoneOf(carrier);
        try {
            return Optional.of(LocalDateTime.parse(value, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant());
        } catch (DateTimeParseException notLocal) {
            // fall through
        }
        try {
            return Optional.of(LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(zone).toInstant());
        } catch (DateTimeParseException | ArithmeticException notDate) {
            return Optional.empty();
        } catch (DateTimeException outOfRange) {
            return Optional.empty();
        }
    }
}
