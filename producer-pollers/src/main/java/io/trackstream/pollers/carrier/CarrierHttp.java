package io.trackstream.pollers.carrier;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.trackstream.pollers.config.PollersProperties;
import io.trackstream.pollers.metrics.PollMetrics;
import org.springframework.stereotype.Component;

/**
 * Sends one request to a provider within one deadline for the whole exchange (connect timeout plus read timeout:
 * a server that sends its headers and then stalls mid-body is given up on at the deadline, not held for as long as
 * it dribbles), and sorts the answer: 2xx is an answer,
 * anything else a {@link CarrierCallException} carrying the provider's own error message and Retry-After. Every
 * request is counted by outcome and timed. It never retries: back-off belongs to the resilience layer.
 */
@Component
public class CarrierHttp {

    private final Clock clock;
    private final PollMetrics metrics;
    private final Map<Duration, HttpClient> clientsByConnectTimeout = new ConcurrentHashMap<>();

    public CarrierHttp(Clock clock, PollMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
    }

    public CarrierResponse send(CarrierAdapter adapter, PollRequest poll, PollersProperties.Provider settings,
            PollersProperties.Account account, String source) {
        HttpRequest request = adapter.request(poll, account)
                .timeout(settings.readTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "trackstream-producer-pollers")
                .build();
        HttpClient client = clientsByConnectTimeout.computeIfAbsent(settings.connectTimeout(),
                timeout -> HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build());
        long started = System.nanoTime();
        Duration deadline = settings.connectTimeout().plus(settings.readTimeout());
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw failed(adapter, source, started, new CarrierCallException(adapter.provider(), CarrierFailure.TIMEOUT, 0,
                    "no whole answer within " + deadline, null, null, e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            CarrierFailure failure = cause instanceof HttpTimeoutException ? CarrierFailure.TIMEOUT : CarrierFailure.IO_ERROR;
            throw failed(adapter, source, started, new CarrierCallException(adapter.provider(), failure, 0,
                    failure == CarrierFailure.TIMEOUT ? "no answer within the timeout" : String.valueOf(cause), null, null, cause));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new CarrierCallException(adapter.provider(), CarrierFailure.IO_ERROR, 0, "interrupted", null, null, e);
        }
        Instant receivedAt = clock.instant();
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            metrics.poll(adapter.provider(), source, "ok", elapsed(started));
            return new CarrierResponse(status, response.body(),
                    response.headers().firstValue("Content-Type").orElse("application/json"), receivedAt);
        }
        CarrierError error = adapter.describeError(status, response.body());
        CarrierFailure failure = status == 429 ? CarrierFailure.RATE_LIMITED
                : status >= 500 ? CarrierFailure.SERVER_ERROR : CarrierFailure.CLIENT_ERROR;
        Duration retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), receivedAt);
        throw failed(adapter, source, started, new CarrierCallException(adapter.provider(), failure, status,
                error.message(), error.type(), retryAfter, null));
    }

    private CarrierCallException failed(CarrierAdapter adapter, String source, long started, CarrierCallException e) {
        metrics.poll(adapter.provider(), source, e.failure().outcome(), elapsed(started));
        return e;
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
