package io.trackstream.pollers.resilience;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
import io.trackstream.pollers.carrier.CarrierHttp;
import io.trackstream.pollers.carrier.CarrierResponse;
import io.trackstream.pollers.carrier.PollRequest;
import io.trackstream.pollers.config.PollersProperties;
import io.trackstream.pollers.metrics.PollMetrics;
import org.springframework.stereotype.Component;

/**
 * Calls a provider the way it asks to be called: at most its configured rate per carrier account (RateLimiter),
 * not at all while it is failing (CircuitBreaker per provider), and again after its Retry-After or a back-off
 * (Retry). The decoration order is Retry, then RateLimiter, then CircuitBreaker: every attempt takes a permit and
 * is seen by the breaker.
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

    public CarrierClient(List<CarrierAdapter> adapters, PollersProperties properties, CarrierHttp http,
            CircuitBreakerRegistry circuitBreakers, RetryRegistry retries, RateLimiterRegistry rateLimiters,
            PollMetrics metrics) {
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
        CircuitBreaker breaker = circuitBreaker(request.provider(), settings);
        RateLimiter limiter = rateLimiter(request.provider(), accountName, settings, account);
        Retry retry = retry(request.provider(), settings, source);

        Supplier<CarrierResponse> guarded = Retry.decorateSupplier(retry,
                RateLimiter.decorateSupplier(limiter,
                        CircuitBreaker.decorateSupplier(breaker,
                                () -> http.send(adapter, request, settings, account, tag))));
        try {
            return new Answer(adapter, guarded.get());
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

    /** The breaker of a provider (for health and tests). */
    public CircuitBreaker circuitBreaker(String provider, PollersProperties.Provider settings) {
        return circuitBreakers.circuitBreaker(provider, () -> ResiliencePolicies.circuitBreaker(settings));
    }

    /** The retry of a provider for scheduled polls or for on-demand syncs. */
    public Retry retry(String provider, PollersProperties.Provider settings, EventSource source) {
        String name = source == EventSource.SYNC ? provider + "-sync" : provider;
        return retries.retry(name, () -> ResiliencePolicies.retry(settings, source));
    }

    private RateLimiter rateLimiter(String provider, String accountName, PollersProperties.Provider settings,
            PollersProperties.Account account) {
        double rate = account.requestsPerSecond() != null ? account.requestsPerSecond() : settings.requestsPerSecond();
        return rateLimiters.rateLimiter(provider + ":" + accountName,
                () -> ResiliencePolicies.rateLimiter(rate, settings.permitTimeout()));
    }
}
