package io.trackstream.pollers.config;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything the pollers are told from outside: the consumer group that shares the poll targets, the zone the cron
 * schedules are read in, the on-demand sync's bounded wait, and per provider its schedule, limits and carrier
 * accounts (base URL and credentials). Missing values take the defaults documented in docs/producer-pollers.md.
 */
@ConfigurationProperties("trackstream.pollers")
public record PollersProperties(
        String groupId,
        ZoneId zone,
        Boolean schedulingEnabled,
        Integer schedulerThreads,
        Sync sync,
        ShipmentsView shipmentsView,
        Map<String, Provider> providers) {

    public PollersProperties {
        groupId = groupId == null || groupId.isBlank() ? "producer-pollers" : groupId;
        zone = zone == null ? ZoneId.of("UTC") : zone;
        schedulingEnabled = schedulingEnabled == null || schedulingEnabled;
        schedulerThreads = schedulerThreads == null ? 4 : schedulerThreads;
        sync = sync == null ? new Sync(null, null) : sync;
        shipmentsView = shipmentsView == null ? new ShipmentsView(null, null) : shipmentsView;
        providers = providers == null ? Map.of() : Map.copyOf(providers);
    }

    public Optional<Provider> provider(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /** The on-demand sync: how long it waits for the processor to apply a poll, how long for Kafka's ack. */
    public record Sync(Duration waitForApplied, Duration publishTimeout) {
        public Sync {
            waitForApplied = waitForApplied == null ? Duration.ofSeconds(5) : waitForApplied;
            publishTimeout = publishTimeout == null ? Duration.ofSeconds(10) : publishTimeout;
        }
    }

    /** The reader of shipments.v1: how long one poll of the topic blocks, how often new partitions are looked for. */
    public record ShipmentsView(Duration pollTimeout, Duration metadataRefresh) {
        public ShipmentsView {
            pollTimeout = pollTimeout == null ? Duration.ofMillis(500) : pollTimeout;
            metadataRefresh = metadataRefresh == null ? Duration.ofMinutes(1) : metadataRefresh;
        }
    }

    /**
     * One provider API. {@code schedule} is a Spring cron expression (six fields, seconds first); null takes the
     * provider's documented default. {@code spread} spreads a cycle's calls over that window; the rate limit, per
     * carrier account, caps them further. {@code threads} run its calls (its own, shared with no other provider);
     * a 429 without Retry-After pauses the account for {@code defaultPause}; a parcel answered 404 or 410 on
     * {@code parkAfterNotFound} polls in a row is no longer polled until its registration changes.
     */
    public record Provider(
            Boolean enabled,
            String schedule,
            Duration spread,
            Duration connectTimeout,
            Duration readTimeout,
            Double requestsPerSecond,
            Duration permitTimeout,
            Retry retry,
            CircuitBreaker circuitBreaker,
            String defaultAccount,
            Map<String, Account> accounts,
            Integer threads,
            Duration defaultPause,
            Integer parkAfterNotFound) {

        public Provider {
            threads = threads == null ? 2 : threads;
            defaultPause = defaultPause == null ? Duration.ofSeconds(30) : defaultPause;
            parkAfterNotFound = parkAfterNotFound == null ? 6 : parkAfterNotFound;
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + threads);
            }
            enabled = enabled == null || enabled;
            spread = spread == null ? Duration.ofMinutes(2) : spread;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
            readTimeout = readTimeout == null ? Duration.ofSeconds(15) : readTimeout;
            requestsPerSecond = requestsPerSecond == null ? 5.0 : requestsPerSecond;
            permitTimeout = permitTimeout == null ? Duration.ofMinutes(1) : permitTimeout;
            retry = retry == null ? new Retry(null, null, null, null) : retry;
            circuitBreaker = circuitBreaker == null ? new CircuitBreaker(null, null, null, null) : circuitBreaker;
            defaultAccount = defaultAccount == null || defaultAccount.isBlank() ? "default" : defaultAccount;
            accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
            if (requestsPerSecond <= 0) {
                throw new IllegalArgumentException("requests-per-second must be positive, was " + requestsPerSecond);
            }
        }

        /** The account a target names, or the default account when it names none. */
        public Optional<Account> account(String name) {
            return Optional.ofNullable(accounts.get(name == null || name.isBlank() ? defaultAccount : name));
        }

        public String accountName(String name) {
            return name == null || name.isBlank() ? defaultAccount : name;
        }
    }

    /**
     * A carrier account: where the provider's API is and how we authenticate there (api-key for x-api-key, token for
     * bearer, username/password for basic auth). {@code requestsPerSecond} overrides the provider's limit.
     */
    public record Account(URI baseUrl, String apiKey, String username, String password, String token,
            Double requestsPerSecond) {

        public Account {
            // Unset environment placeholders bind as empty strings: treat them as absent.
            apiKey = blankToNull(apiKey);
            username = blankToNull(username);
            password = blankToNull(password);
            token = blankToNull(token);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }

        @Override
        public String toString() {
            // Never print credentials in logs or actuator output.
            return "Account[baseUrl=" + baseUrl + "]";
        }
    }

    /** Back-off of failed calls: 429, 5xx and timeouts are retried; a Retry-After longer than maxRetryAfter is not waited for. */
    public record Retry(Integer maxAttempts, Duration initialBackoff, Double multiplier, Duration maxRetryAfter) {
        public Retry {
            maxAttempts = maxAttempts == null ? 3 : maxAttempts;
            initialBackoff = initialBackoff == null ? Duration.ofSeconds(1) : initialBackoff;
            multiplier = multiplier == null ? 2.0 : multiplier;
            maxRetryAfter = maxRetryAfter == null ? Duration.ofMinutes(2) : maxRetryAfter;
        }
    }

    /** The circuit breaker of a provider: opens when that share of the last calls failed with 5xx, timeouts or I/O errors. */
    public record CircuitBreaker(Float failureRateThreshold, Integer slidingWindowSize, Integer minimumNumberOfCalls,
            Duration waitInOpenState) {
        public CircuitBreaker {
            failureRateThreshold = failureRateThreshold == null ? 50f : failureRateThreshold;
            slidingWindowSize = slidingWindowSize == null ? 20 : slidingWindowSize;
            minimumNumberOfCalls = minimumNumberOfCalls == null ? 10 : minimumNumberOfCalls;
            waitInOpenState = waitInOpenState == null ? Duration.ofMinutes(1) : waitInOpenState;
        }
    }
}
