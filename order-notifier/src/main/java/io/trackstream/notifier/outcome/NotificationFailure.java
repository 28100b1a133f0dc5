package io.trackstream.notifier.outcome;

import java.util.OptionalInt;

/**
 * A call to an order system (or the preparation of one) that did not end in an applied update or a recorded
 * "order not found". The listener throws it; the error handler retries {@link RetryableFailure}s and dead-letters
 * {@link PermanentFailure}s at once.
 */
public abstract sealed class NotificationFailure extends RuntimeException permits RetryableFailure, PermanentFailure {

    private final Target target;
    private final CallOutcome outcome;
    private final int httpStatus;
    private volatile int calls = -1;

    protected NotificationFailure(Target target, CallOutcome outcome, int httpStatus, String message, Throwable cause) {
        super(message, cause);
        this.target = target;
        this.outcome = outcome;
        this.httpStatus = httpStatus;
    }

    public Target target() {
        return target;
    }

    /** The call's outcome; null when no call was made (the record itself is the problem). */
    public CallOutcome outcome() {
        return outcome;
    }

    /** The order system's HTTP status, when it answered. */
    public OptionalInt httpStatus() {
        return httpStatus > 0 ? OptionalInt.of(httpStatus) : OptionalInt.empty();
    }

    /** How many calls were made for the record in all, this one included, when the listener counted them. */
    public OptionalInt calls() {
        return calls >= 0 ? OptionalInt.of(calls) : OptionalInt.empty();
    }

    /** Records how many calls were made for the record (it may have waited, and been called, before). */
    public NotificationFailure withCalls(int callsMade) {
        this.calls = callsMade;
        return this;
    }

    /** The reason recorded on the dead letter if this failure is the last one. */
    public abstract FailureReason deadLetterReason();
}
