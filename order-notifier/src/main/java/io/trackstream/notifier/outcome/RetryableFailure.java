package io.trackstream.notifier.outcome;

/** 429, 5xx, timeout, I/O: the same request may succeed later, so it is retried with back-off. */
public final class RetryableFailure extends NotificationFailure {

    public RetryableFailure(Target target, CallOutcome outcome, int httpStatus, String message, Throwable cause) {
        super(target, outcome, httpStatus, message, cause);
    }

    @Override
    public FailureReason deadLetterReason() {
        return FailureReason.RETRIES_EXHAUSTED;
    }
}
