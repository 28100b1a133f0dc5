package io.trackstream.pollers.resilience;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.trackstream.avro.EventSource;
import io.trackstream.pollers.carrier.CarrierAdapter;
import io.trackstream.pollers.carrier.CarrierCallException;
import io.trackstream.pollers.carrier.CarrierFailure;
import io.trackstream.pollers.carrier.CarrierHttp;
import io.trackstream.pollers.carrier.CarrierResponse;
import io.trackstream.pollers.carrier.PollRequest;
import io.trackstream.pollers.config.PollersProperties;
import io.trackstream.pollers.metrics.PollMetrics;
import org.springframework.stereotype.Component;

/**
 * Calls a provider the way it asks to be called: at most its configured rate per carrier account (RateLimiter),
 * not at all while it is failing (CircuitBreaker per provider), and again after a back-off (Retry) for its 5xx,
 * timeouts and I/O errors. Every attempt takes a permit and is seen by the breaker. A 429 is not retried call by
 * call: it pauses the whole carrier account for its Retry-After (or the provider's default pause), and every call of
 * that account in the meantime is refused at once with the time left, so the caller can come back then. An
 * on-demand sync never waits for a rate-limit permit: without one at once it is refused (429 to its caller).
 */
@Component
public class CarrierClient {

    private final Map<String, CarrierAdapter> adapters;
    private final PollersProperties properties;
    private final CarrierHttp http;
    private final CircuitBreakerRegistry circuitBreakers;
    private final RetryRegistry retries;
    private final RateLimiterRegistry rateLimiters;
    private final PollMetrics metrics;
    private final Clock clock;
    private final RateShare rateShare;
    /** Carrier accounts (provider:account) paused by a 429, until when. */
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();

    public CarrierClient(List<CarrierAdapter> adapters, PollersProperties properties, CarrierHttp http,
            CircuitBreakerRegistry circuitBreakers, RetryRegistry retries, RateLimiterRegistry rateLimiters,
            PollMetrics metrics, Clock clock, RateShare rateShare) {
        this.clock = clock;
        this.rateShare = rateShare;
        this.adapters = adapters.stream().collect(Collectors.toUnmodifiableMap(CarrierAdapter::provider, Function.identity()));
        this.properties = properties;
        this.http = http;
        this.circuitBreakers = circuitBreakers;
        this.retries = retries;
        this.rateLimiters = rateLimiters;
        this.metrics = metrics;
    }

    /** An answer and the adapter that can read it. */
    public record Answer(CarrierAdapter adapter, CarrierResponse response) {
    }

    /**
     * One poll, retried as the policies allow.
     *
     * @throws io.trackstream.pollers.carrier.CarrierCallException when the provider's last answer was a failure
     * @throws PollRejectedException when no request was sent
     */
    public Answer call(PollRequest request, EventSource source) {
        String tag = source.name().toLowerCase(java.util.Locale.ROOT);
        CarrierAdapter adapter = adapters.get(request.provider());
        PollersProperties.Provider settings = properties.provider(request.provider()).orElse(null);
        if (adapter == null || settings == null) {
            metrics.rejected(request.provider(), tag, PollRejectedException.NOT_CONFIGURED);
            throw new PollRejectedException(request.provider(), PollRejectedException.NOT_CONFIGURED,
                    "Provider " + request.provider() + " is not configured (trackstream.pollers.providers." + request.provider() + ")", null);
        }
        String accountName = settings.accountName(request.carrierAccount());
        PollersProperties.Account account = settings.account(request.carrierAccount()).orElse(null);
        if (account == null || account.baseUrl() == null) {
            metrics.rejected(request.provider(), tag, PollRejectedException.NOT_CONFIGURED);
            throw new PollRejectedException(request.provider(), PollRejectedException.NOT_CONFIGURED,
                    "Carrier account " + accountName + " of " + request.provider() + " has no base-url configured", null);
        }
        String pauseKey = request.provider() + ":" + accountName;
        Instant now = clock.instant();
        Instant until = pausedUntil.get(pauseKey);
        if (until != null && now.isBefore(until)) {
            metrics.rejected(request.provider(), tag, PollRejectedException.RATE_LIMITED);
            throw new PollRejectedException(request.provider(), PollRejectedException.RATE_LIMITED,
                    request.provider() + " (account " + accountName + ") asked us to wait until " + until, Duration.between(now, until));
        }
        CircuitBreaker breaker = circuitBreaker(request.provider(), settings);
        RateLimiter limiter = rateLimiter(request.provider(), accountName, settings, account);
        Retry retry = retry(request.provider(), settings, source);
        boolean waitForPermit = source != EventSource.SYNC;

        Supplier<CarrierResponse> attempt = () -> {
            boolean permitted = waitForPermit ? limiter.acquirePermission() : tryNow(limiter);
            if (!permitted) {
                throw RequestNotPermitted.createRequestNotPermitted(limiter);
            }
            return breaker.executeSupplier(() -> http.send(adapter, request, settings, account, tag));
        };
        try {
            return new Answer(adapter, Retry.decorateSupplier(retry, attempt).get());
        } catch (CarrierCallException e) {
            if (e.failure() == CarrierFailure.RATE_LIMITED) {
                Duration pause = e.retryAfter() != null ? e.retryAfter() : settings.defaultPause();
                pausedUntil.merge(pauseKey, clock.instant().plus(pause), (a, b) -> a.isAfter(b) ? a : b);
            }
            throw e;
        } catch (CallNotPermittedException e) {
            metrics.rejected(request.provider(), tag, PollRejectedException.CIRCUIT_OPEN);
            throw new PollRejectedException(request.provider(), PollRejectedException.CIRCUIT_OPEN,
                    request.provider() + " is failing; its circuit breaker is open", settings.circuitBreaker().waitInOpenState());
        } catch (RequestNotPermitted e) {
            metrics.rejected(request.provider(), tag, PollRejectedException.RATE_LIMITED);
            throw new PollRejectedException(request.provider(), PollRejectedException.RATE_LIMITED,
                    "No request to " + request.provider() + " allowed now by its rate limit", java.time.Duration.ofSeconds(1));
        }
    }

    /**
     * A permit now or none: the limiter's own timeout is for scheduled polls, which wait on their provider's threads.
     * (Between the check and the acquisition another caller may take the last permit; this one then waits for the
     * next, bounded by the limiter's timeout.)
     */
    private static boolean tryNow(RateLimiter limiter) {
        return limiter.getMetrics().getAvailablePermissions() > 0 && limiter.acquirePermission();
    }

    /** The breaker of a provider (for health and tests). */
    public CircuitBreaker circuitBreaker(String provider, PollersProperties.Provider settings) {
        return circuitBreakers.circuitBreaker(provider, () -> ResiliencePolicies.circuitBreaker(settings));
    }

    /** The retry of a provider for scheduled polls or for on-demand syncs. */
    public Retry retry(String provider, PollersProperties.Provider settings, EventSource source) {
        String name = source == EventSource.SYNC ? provider + "-sync" : provider;
        return retries.retry(name, () -> ResiliencePolicies.retry(settings, source));
    }

    /** The account's limiter at this instance's share of its rate, made again when the share changes (a rebalance). */
    private RateLimiter rateLimiter(String provider, String accountName, PollersProperties.Provider settings,
            PollersProperties.Account account) {
        double rate = (account.requestsPerSecond() != null ? account.requestsPerSecond() : settings.requestsPerSecond())
                * rateShare.fraction();
        var wanted = ResiliencePolicies.rateLimiter(rate, settings.permitTimeout());
        String name = provider + ":" + accountName;
        RateLimiter limiter = rateLimiters.rateLimiter(name, () -> wanted);
        var have = limiter.getRateLimiterConfig();
        if (have.getLimitForPeriod() != wanted.getLimitForPeriod() || !have.getLimitRefreshPeriod().equals(wanted.getLimitRefreshPeriod())) {
            limiter = RateLimiter.of(name, wanted);
            rateLimiters.replace(name, limiter);
        }
        return limiter;
    }

    /** This instance's share of each account's rate. */
    public RateShare rateShare() {
        return rateShare;
    }
}
