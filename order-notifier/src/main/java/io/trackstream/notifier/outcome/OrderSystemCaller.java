package io.trackstream.notifier.outcome;

import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import io.trackstream.notifier.metrics.NotifierMetrics;

/**
 * Makes one call to an order system and turns its result into an outcome: a 2xx is returned (the caller decides
 * whether it means "applied" or "order not found"); anything else becomes a {@link RetryableFailure} (408, 429, 5xx,
 * timeouts, I/O) or a {@link PermanentFailure} (400 and other 4xx). Every call is counted by target and outcome.
 */
@Component
public class OrderSystemCaller {

    /** The header carrying the record's idempotency key on every call (request id, change id). */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final int MAX_DETAIL_CHARS = 1000;

    private final NotifierMetrics metrics;

    public OrderSystemCaller(NotifierMetrics metrics) {
        this.metrics = metrics;
    }

    public HttpAnswer call(Target target, RestClient.RequestHeadersSpec<?> request,
            Function<HttpAnswer, CallOutcome> outcomeOfSuccess) {
        return call(target, request, answer -> answer, outcomeOfSuccess);
    }

    /**
     * Makes the call; a 2xx is read into what it means ({@code read}), counted with that meaning's outcome and
     * returned.
     */
    public <T> T call(Target target, RestClient.RequestHeadersSpec<?> request, Function<HttpAnswer, T> read,
            Function<T, CallOutcome> outcomeOf) {
        long start = System.nanoTime();
        HttpAnswer answer;
        try {
            answer = request.exchange((req, res) -> {
                try (InputStream body = res.getBody()) {
                    return new HttpAnswer(res.getStatusCode().value(),
                            new String(body.readAllBytes(), StandardCharsets.UTF_8),
                            res.getHeaders().getFirst(HttpHeaders.RETRY_AFTER));
                }
            });
        } catch (ResourceAccessException e) {
            CallOutcome outcome = isTimeout(e) ? CallOutcome.TIMEOUT : CallOutcome.IO_ERROR;
            metrics.call(target, outcome, since(start));
            throw new RetryableFailure(target, outcome, 0,
                    target.tag() + " call failed (" + outcome.tag() + "): " + e.getMessage(), e);
        }
        if (answer.status() >= 200 && answer.status() < 300) {
            T meaning = read.apply(answer);
            metrics.call(target, outcomeOf.apply(meaning), since(start));
            return meaning;
        }
        CallOutcome outcome = CallOutcome.ofErrorStatus(answer.status());
        metrics.call(target, outcome, since(start));
        String detail = target.tag() + " answered " + answer.status() + ": " + truncate(answer.body());
        if (outcome.retryable()) {
            Duration retryAfter = RetryAfter.parse(answer.retryAfter(), Clock.systemUTC()).orElse(null);
            throw new RetryableFailure(target, outcome, answer.status(), retryAfter,
                    retryAfter == null ? detail : detail + " (Retry-After " + retryAfter + ")", null);
        }
        FailureReason reason = outcome == CallOutcome.REJECTED ? FailureReason.REJECTED : FailureReason.CLIENT_ERROR;
        throw new PermanentFailure(target, reason, outcome, answer.status(), detail, null);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** The body for a log line or a dead letter detail: at most 1000 characters. */
    public static String truncate(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        return body.length() <= MAX_DETAIL_CHARS ? body : body.substring(0, MAX_DETAIL_CHARS) + "...";
    }
}
