package io.trackstream.processor.topology;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Records that made their task fail. A failure that escapes a processor aborts the task's transaction, so nothing
 * of the record is kept and it is processed again; a record that fails {@code maxAttempts} times in a row is
 * poisoned, and the next attempt sends it to the rejected topic instead of applying it. Retries are bounded and
 * a record's effects land whole or not at all. Kept per app instance (after a restart a poisoned record gets
 * {@code maxAttempts} more tries), bounded in size.
 */
public final class RecordFailures {

    private static final int MAX_TRACKED = 1024;

    private final int maxAttempts;
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();

    /** How often a record failed, and the last exception's class and message. */
    public record Failure(int attempts, String cause) {
    }

    public RecordFailures(int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
    }

    /** Counts a failure of the record at {@code topic}-{@code partition}@{@code offset}; returns the attempts so far. */
    public int failed(String topic, int partition, long offset, Throwable cause) {
        if (topic == null || offset < 0) {
            return 0; // a punctuation, not a record
        }
        if (failures.size() >= MAX_TRACKED) {
            failures.clear();
        }
        return failures.merge(key(topic, partition, offset), new Failure(1, describe(cause)),
                (old, next) -> new Failure(old.attempts() + 1, next.cause())).attempts();
    }

    /** The failure of a record that failed too often to be tried again. */
    public Optional<Failure> poisoned(Optional<RecordMetadata> record) {
        if (record.isEmpty() || record.get().topic() == null || failures.isEmpty()) {
            return Optional.empty();
        }
        RecordMetadata md = record.get();
        Failure failure = failures.get(key(md.topic(), md.partition(), md.offset()));
        return failure != null && failure.attempts() >= maxAttempts ? Optional.of(failure) : Optional.empty();
    }

    /** Forgets a record once it has been dealt with. */
    public void settled(Optional<RecordMetadata> record) {
        if (!failures.isEmpty() && record.isPresent() && record.get().topic() != null) {
            failures.remove(key(record.get().topic(), record.get().partition(), record.get().offset()));
        }
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    static String describe(Throwable cause) {
        String message = cause.getMessage();
        String text = cause.getClass().getName() + (message == null ? "" : ": " + message);
        return text.length() <= 1000 ? text : text.substring(0, 1000) + "...";
    }

    private static String key(String topic, int partition, long offset) {
        return topic + '-' + partition + '@' + offset;
    }
}
