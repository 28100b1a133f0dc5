package io.trackstream.notifier.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything the order notifier is told from {@code trackstream.notifier.*}: how it consumes, how it calls, how long it
 * retries, and which order system each tenant uses with which credentials.
 */
@ConfigurationProperties("trackstream.notifier")
public record NotifierProperties(
        @DefaultValue("order-notifier") String groupId,
        @DefaultValue("1") int concurrency,
        @DefaultValue("true") boolean listenersAutoStartup,
        @DefaultValue Http http,
        @DefaultValue Retry retry,
        @DefaultValue DeadLetters deadLetters,
        Map<String, Tenant> tenants) {

    public NotifierProperties {
        tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
    }

    /** The tenant's settings; empty when the tenant is not configured at all. */
    public Optional<Tenant> tenant(String tenant) {
        return Optional.ofNullable(tenants.get(tenant));
    }

    /** Timeouts of every order-system call: bounded, so a hung peer turns into a retry instead of a stuck partition. */
    public record Http(
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("5s") Duration readTimeout) {
    }

    /**
     * Exponential back-off of the retries made in place, with the container paused: a Schema Registry outage (until
     * it is back) and unexpected errors (then the dead letter). Order-system failures wait in the retry topic instead
     * ({@code trackstream.notifier.waiting.*}).
     */
    public record Retry(
            @DefaultValue("1s") Duration initialInterval,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("30s") Duration maxInterval,
            @DefaultValue("5") int maxRetries) {
    }

    /** The dead letter topic as the notifier declares it, and the consumer group of the replay command. */
    public record DeadLetters(
            @DefaultValue("1") int partitions,
            @DefaultValue("-1") short replicationFactor,
            @DefaultValue("order-notifier-dlt-replay") String replayGroupId) {
    }

    /** One tenant (store): its Carriyo-style order service and its shop platform. Either may be absent. */
    public record Tenant(Carriyo carriyo, Shop shop) {

        public Optional<Carriyo> carriyoSettings() {
            return Optional.ofNullable(carriyo);
        }

        public Optional<Shop> shopSettings() {
            return Optional.ofNullable(shop);
        }
    }

    /**
     * Carriyo-style {@code POST /orders/shipment-status-update}: headers {@code x-api-key} and {@code tenant-id}, and an
     * OAuth2 access token (client credentials) as the seed's security requires.
     */
    public record Carriyo(
            @DefaultValue("true") boolean enabled,
            URI baseUrl,
            String apiKey,
            String tenantId,
            OAuth2 oauth2) {

        public Carriyo {
            if (enabled && (baseUrl == null || isBlank(apiKey) || isBlank(tenantId) || oauth2 == null)) {
                throw new IllegalArgumentException("trackstream.notifier.tenants.<tenant>.carriyo needs base-url, api-key, "
                        + "tenant-id and oauth2 (token-uri, client-id, client-secret) when enabled");
            }
            requireHttpUrl("carriyo.base-url", baseUrl);
        }
    }

    /**
     * The OAuth2 client (client credentials grant) of a tenant's Carriyo. The token is cached and fetched again
     * {@code renewBefore} its expiry; {@code scope} (space or comma separated) and {@code audience} are sent when set.
     */
    public record OAuth2(
            URI tokenUri,
            String clientId,
            String clientSecret,
            String scope,
            String audience,
            @DefaultValue("client_secret_basic") String clientAuthenticationMethod,
            @DefaultValue("60s") Duration renewBefore) {

        public OAuth2 {
            if (tokenUri == null || isBlank(clientId) || isBlank(clientSecret)) {
                throw new IllegalArgumentException(
                        "trackstream.notifier.tenants.<tenant>.carriyo.oauth2 needs token-uri, client-id and client-secret");
            }
            requireHttpUrl("carriyo.oauth2.token-uri", tokenUri);
            clientAuthenticationMethod = clientAuthenticationMethod == null ? "client_secret_basic" : clientAuthenticationMethod;
            if (!clientAuthenticationMethod.equals("client_secret_basic") && !clientAuthenticationMethod.equals("client_secret_post")) {
                throw new IllegalArgumentException("trackstream.notifier.tenants.<tenant>.carriyo.oauth2.client-authentication-method "
                        + "must be client_secret_basic or client_secret_post, was " + clientAuthenticationMethod);
            }
            renewBefore = renewBefore == null ? Duration.ofSeconds(60) : renewBefore;
            if (renewBefore.isNegative()) {
                throw new IllegalArgumentException("trackstream.notifier.tenants.<tenant>.carriyo.oauth2.renew-before must not be negative");
            }
        }
    }

    /**
     * Shop-platform style {@code PUT v1/Orders/{orderId}/Shipments}, off unless switched on. {@code shopId} and
     * {@code carrierAccountId} are used when the shipment's attributes do not name them.
     */
    public record Shop(
            @DefaultValue("false") boolean enabled,
            URI baseUrl,
            String authorization,
            Long shopId,
            Long carrierAccountId) {

        public Shop {
            if (enabled && (baseUrl == null || isBlank(authorization))) {
                throw new IllegalArgumentException(
                        "trackstream.notifier.tenants.<tenant>.shop needs base-url and authorization when enabled");
            }
            requireHttpUrl("shop.base-url", baseUrl);
        }
    }

    /**
     * A base URL the JDK client can call: absolute, http or https, with a host. Without this a URL lacking its scheme
     * binds, and every call then fails only after all its retries.
     */
    static void requireHttpUrl(String key, URI url) {
        if (url == null) {
            return;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || isBlank(url.getHost())) {
            throw new IllegalArgumentException("trackstream.notifier.tenants.<tenant>." + key
                    + " must be an absolute http(s) URL such as https://api.example.com, was '" + url + "'");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
