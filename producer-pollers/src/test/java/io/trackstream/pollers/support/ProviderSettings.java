package io.trackstream.pollers.support;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.trackstream.pollers.config.PollersProperties;

/** Builder of a provider's settings for tests: short timeouts and back-offs, one default account at a base URL. */
public final class ProviderSettings {

    private String schedule;
    private Duration spread = Duration.ZERO;
    // Generous: on a busy machine a first WireMock answer can take seconds; tests that want a timeout set their own.
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(10);
    private double requestsPerSecond = 50;
    private Duration permitTimeout = Duration.ofSeconds(10);
    private PollersProperties.Retry retry = new PollersProperties.Retry(3, Duration.ofMillis(50), 2.0, Duration.ofSeconds(5));
    private PollersProperties.CircuitBreaker circuitBreaker = new PollersProperties.CircuitBreaker(50f, 10, 10, Duration.ofMinutes(1));
    private PollersProperties.Account account;
    private Duration defaultPause = Duration.ofSeconds(30);
    private int parkAfterNotFound = 6;

    private ProviderSettings() {
    }

    public static ProviderSettings provider() {
        return new ProviderSettings();
    }

    public ProviderSettings account(String baseUrl, String apiKey, String username, String password, String token) {
        this.account = new PollersProperties.Account(URI.create(baseUrl), apiKey, username, password, token, null);
        return this;
    }

    public ProviderSettings schedule(String cron) {
        this.schedule = cron;
        return this;
    }

    public ProviderSettings spread(Duration spread) {
        this.spread = spread;
        return this;
    }

    public ProviderSettings readTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
        return this;
    }

    public ProviderSettings rate(double requestsPerSecond, Duration permitTimeout) {
        this.requestsPerSecond = requestsPerSecond;
        this.permitTimeout = permitTimeout;
        return this;
    }

    public ProviderSettings retry(int maxAttempts, Duration initialBackoff, Duration maxRetryAfter) {
        this.retry = new PollersProperties.Retry(maxAttempts, initialBackoff, 2.0, maxRetryAfter);
        return this;
    }

    public ProviderSettings circuitBreaker(int window, int minimumCalls, Duration waitInOpenState) {
        this.circuitBreaker = new PollersProperties.CircuitBreaker(50f, window, minimumCalls, waitInOpenState);
        return this;
    }

    public ProviderSettings connectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
    }

    public ProviderSettings parkAfterNotFound(int polls) {
        this.parkAfterNotFound = polls;
        return this;
    }

    public PollersProperties.Provider build() {
        return new PollersProperties.Provider(true, schedule, spread, connectTimeout, readTimeout, requestsPerSecond,
                permitTimeout, retry, circuitBreaker, "default", account == null ? Map.of() : Map.of("default", account),
                2, defaultPause, parkAfterNotFound);
    }
}
