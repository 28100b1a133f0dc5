package io.trackstream.notifier.outcome;

/** A failure that the same request cannot fix (400, other 4xx, an unreadable or incomplete record): dead-lettered at once. */
public final class PermanentFailure extends NotificationFailure {

    private final FailureReason reason;

    public PermanentFailure(Target target, FailureReason reason, CallOutcome outcome, int httpStatus, String message,
            Throwable cause) {
        super(target, outcome, httpStatus, message, cause);
        this.reason = reason;
    }

    /** A failure found before any call was made. */
    public static PermanentFailure beforeCall(Target target, FailureReason reason, String message, Throwable cause) {
        return new PermanentFailure(target, reason, null, 0, message, cause);
    }

    @Override
    public FailureReason deadLetterReason() {
        return reason;
    }
}
