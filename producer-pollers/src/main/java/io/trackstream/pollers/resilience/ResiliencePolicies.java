package io.trackstream.pollers.resilience;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.RetryConfig;
import io.trackstream.avro.EventSource;
import io.trackstream.pollers.carrier.CarrierCallException;
import io.trackstream.pollers.carrier.CarrierFailure;
import io.trackstream.pollers.config.PollersProperties;

/**
 * The resilience4j configurations built from a provider's settings. The rules they encode:
 * <ul>
 * <li>A 5xx, a timeout or an I/O error is tried again, after the provider's Retry-After when it gives one, else
 * after an exponential back-off; a Retry-After longer than {@code max-retry-after} is not waited for.</li>
 * <li>A 429 is not retried call by call: {@link CarrierClient} pauses the carrier account for its Retry-After.</li>
 * <li>Only the provider's own faults (5xx, timeouts, I/O errors) count against its circuit breaker; 4xx and 429 say
 * nothing about its health and are ignored by it (neither failures nor successes: a 404 in the half-open state
 * does not close the breaker).</li>
 * <li>Requests per second, per carrier account: below one a second, one request per 1/rate seconds.</li>
 * </ul>
 */
public final class ResiliencePolicies {

    private ResiliencePolicies() {
    }

    public static RetryConfig retry(PollersProperties.Provider settings, EventSource source) {
        PollersProperties.Retry retry = settings.retry();
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            if (outcome.isLeft() && outcome.getLeft() instanceof CarrierCallException e && e.retryAfter() != null) {
                return e.retryAfter().toMillis();
            }
            double backoff = retry.initialBackoff().toMillis() * Math.pow(retry.multiplier(), Math.max(0, attempt - 1));
            return (long) Math.min(backoff, retry.maxRetryAfter().toMillis());
        };
        return RetryConfig.custom()
                .maxAttempts(Math.max(1, retry.maxAttempts()))
                .intervalBiFunction(interval)
                .retryOnException(e -> e instanceof CarrierCallException c && worthRetrying(c, retry, source))
                .failAfterMaxAttempts(false)
                .build();
    }

    static boolean worthRetrying(CarrierCallException e, PollersProperties.Retry retry, EventSource source) {
        if (!e.failure().isTransient()) {
            return false;
        }
        if (e.failure() == CarrierFailure.RATE_LIMITED) {
            return false;
        }
        return e.retryAfter() == null || e.retryAfter().compareTo(retry.maxRetryAfter()) <= 0;
    }

    public static CircuitBreakerConfig circuitBreaker(PollersProperties.Provider settings) {
        PollersProperties.CircuitBreaker cb = settings.circuitBreaker();
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(cb.slidingWindowSize())
                .minimumNumberOfCalls(cb.minimumNumberOfCalls())
                .failureRateThreshold(cb.failureRateThreshold())
                .waitDurationInOpenState(cb.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> e instanceof CarrierCallException c && c.failure().isProviderFault())
                .ignoreException(e -> e instanceof CarrierCallException c && !c.failure().isProviderFault())
                .build();
    }

    public static RateLimiterConfig rateLimiter(double requestsPerSecond, Duration permitTimeout) {
        int perPeriod;
        Duration period;
        if (requestsPerSecond >= 1) {
            perPeriod = (int) Math.round(requestsPerSecond);
            period = Duration.ofSeconds(1);
        } else {
            perPeriod = 1;
            period = Duration.ofNanos((long) (1_000_000_000L / requestsPerSecond));
        }
        return RateLimiterConfig.custom()
                .limitForPeriod(perPeriod)
                .limitRefreshPeriod(period)
                .timeoutDuration(permitTimeout)
                .build();
    }
}
