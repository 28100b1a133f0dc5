package io.trackstream.notifier.deadletter;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.trackstream.notifier.listener.DeliveryAttempts;
import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.NotificationFailure;
import io.trackstream.notifier.outcome.Target;

/**
 * The headers trackstream adds to a dead letter, beside spring-kafka's {@code kafka_dlt-*} ones (original topic,
 * partition, offset, timestamp, exception): a machine-readable reason, the order system, its HTTP status and answer,
 * and how many attempts were made.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "trackstream-dlt-reason";
    public static final String TARGET = "trackstream-dlt-target";
    public static final String DETAIL = "trackstream-dlt-detail";
    public static final String HTTP_STATUS = "trackstream-dlt-http-status";
    /** Calls made for the record in all (also while it waited in the retry topic); else deliveries to the listener. */
    public static final String ATTEMPTS = "trackstream-dlt-attempts";
    /** On a replayed record: where in the dead letter topic it came from ({@code topic-partition@offset}). */
    public static final String REPLAYED_FROM = "trackstream-replayed-from";
    /** On a replayed record: the order system it is for ({@code carriyo}, {@code shop}), as the replay topic has both. */
    public static final String REPLAY_TARGET = "trackstream-replay-target";

    private DeadLetterHeaders() {
    }

    /** The reason a failure is dead-lettered for; an exception that is not ours failed after every retry. */
    public static FailureReason reasonOf(Exception exception) {
        NotificationFailure failure = notificationFailure(exception);
        return failure != null ? failure.deadLetterReason() : FailureReason.UNEXPECTED;
    }

    public static Headers of(ConsumerRecord<?, ?> record, Exception exception, Target target) {
        NotificationFailure failure = notificationFailure(exception);
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, utf8(reasonOf(exception).name()));
        headers.add(TARGET, utf8(target.tag()));
        Throwable detail = failure != null ? failure : rootCause(exception);
        headers.add(DETAIL, utf8(String.valueOf(detail.getMessage())));
        if (failure != null) {
            failure.httpStatus().ifPresent(status -> headers.add(HTTP_STATUS, utf8(Integer.toString(status))));
        }
        int attempts = failure != null && failure.calls().isPresent() ? failure.calls().getAsInt() : DeliveryAttempts.of(record);
        headers.add(ATTEMPTS, utf8(Integer.toString(attempts)));
        return headers;
    }

    static NotificationFailure notificationFailure(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof NotificationFailure failure) {
                return failure;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
