package io.trackstream.pollers.carrier;

import java.io.IOException;
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
 * Sends one request to a provider with bounded connect and read timeouts, and sorts the answer: 2xx is an answer,
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
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw failed(adapter, source, started, new CarrierCallException(adapter.provider(), CarrierFailure.TIMEOUT, 0,
                    "no answer within the timeout", null, null, e));
        } catch (IOException e) {
            throw failed(adapter, source, started, new CarrierCallException(adapter.provider(), CarrierFailure.IO_ERROR, 0,
                    e.toString(), null, null, e));
        } catch (InterruptedException e) {
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
