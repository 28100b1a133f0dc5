package io.trackstream.notifier.config;

import java.net.URI;
import java.time.Duration;
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
     * Exponential back-off between attempts of one record (429, 5xx, timeouts). The partition waits while a record
     * is retried, which keeps the order of one order's updates; keep the total below {@code max.poll.interval.ms}.
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

    /** Carriyo-style {@code POST /orders/shipment-status-update}: headers {@code x-api-key} and {@code tenant-id}. */
    public record Carriyo(
            @DefaultValue("true") boolean enabled,
            URI baseUrl,
            String apiKey,
            String tenantId) {

        public Carriyo {
            if (enabled && (baseUrl == null || isBlank(apiKey) || isBlank(tenantId))) {
                throw new IllegalArgumentException(
                        "trackstream.notifier.tenants.<tenant>.carriyo needs base-url, api-key and tenant-id when enabled");
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
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
