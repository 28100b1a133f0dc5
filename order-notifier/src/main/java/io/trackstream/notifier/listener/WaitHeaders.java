package io.trackstream.notifier.listener;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The headers of a record waiting in the retry topic for its order system: which order system it is for, since when
 * it waits (kept across every hop, so the patience counts from the first failure), when it is due again, how many
 * calls were made for it and why it waits.
 */
public final class WaitHeaders {

    public static final String TARGET = "trackstream-wait-target";
    public static final String TENANT = "trackstream-wait-tenant";
    public static final String SINCE = "trackstream-waiting-since";
    public static final String DUE = "trackstream-wait-due";
    public static final String CALLS = "trackstream-wait-calls";
    public static final String REASON = "trackstream-wait-reason";

    private WaitHeaders() {
    }

    /** Since when the record waits; empty for a record that never waited. */
    public static Optional<Instant> since(ConsumerRecord<?, ?> record) {
        return instant(record.headers(), SINCE);
    }

    public static Optional<Instant> due(ConsumerRecord<?, ?> record) {
        return instant(record.headers(), DUE);
    }

    /** Calls made for the record before this delivery (0 for a record that never waited). */
    public static int calls(ConsumerRecord<?, ?> record) {
        String calls = text(record.headers(), CALLS);
        try {
            return calls == null ? 0 : Integer.parseInt(calls);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static boolean isOurs(String headerKey) {
        return headerKey.equals(TARGET) || headerKey.equals(TENANT) || headerKey.equals(SINCE) || headerKey.equals(DUE)
                || headerKey.equals(CALLS) || headerKey.equals(REASON);
    }

    static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Optional<Instant> instant(Headers headers, String name) {
        String value = text(headers, name);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static byte[] utf8(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }
}
