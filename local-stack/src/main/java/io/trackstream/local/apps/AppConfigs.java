package io.trackstream.local.apps;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.trackstream.testkit.ordersystem.OrderSystemSandbox;

/**
 * The configuration each app gets from the local stack, as Spring property names (passed as
 * {@code SPRING_APPLICATION_JSON}, which outranks the apps' application.yml and environment placeholders). Every app
 * gets the broker and the schema registry; then what its role needs: app tokens of the demo tenant, webhook secrets,
 * the carrier sandbox's base URLs and credentials with the demo's compressed schedules, the order-system sandbox.
 */
public final class AppConfigs {

    private AppConfigs() {
    }

    public static Map<String, Object> of(App app, StackEndpoints endpoints, DemoCredentials credentials, double speed) {
        Map<String, Object> config = switch (app) {
            case PROCESSOR -> processor(endpoints, credentials);
            case PRODUCER_POLLERS -> producerPollers(endpoints, credentials, speed);
            case WEBHOOK_INGEST -> webhookIngest(endpoints, credentials);
            case ORDER_NOTIFIER -> orderNotifier(endpoints, credentials);
        };
        // Every app shows its health details (Streams state, stalled partitions, broker) to the demo operator.
        int next = config.containsKey("trackstream.security.app-tokens[0].token") ? 1 : 0;
        appToken(config, next, credentials.operatorToken(), "operator", "OPERATE");
        return config;
    }

    public static Map<String, Object> processor(StackEndpoints endpoints, DemoCredentials credentials) {
        Map<String, Object> p = common(endpoints);
        p.put("spring.kafka.streams.state-dir", endpoints.dataDir().resolve("processor-state").toAbsolutePath().toString());
        appToken(p, credentials.readToken(), credentials.tenant(), "READ_SHIPPING");
        return p;
    }

    public static Map<String, Object> webhookIngest(StackEndpoints endpoints, DemoCredentials credentials) {
        Map<String, Object> p = common(endpoints);
        appToken(p, credentials.ingestToken(), credentials.tenant(), "WRITE_SHIPPING");
        credentials.webhookSecrets().forEach((provider, secret) -> p.put("trackstream.ingest.webhooks." + provider + ".secret", secret));
        return p;
    }

    public static Map<String, Object> producerPollers(StackEndpoints endpoints, DemoCredentials credentials, double speed) {
        Map<String, Object> p = common(endpoints);
        appToken(p, credentials.readToken(), credentials.tenant(), "READ_SHIPPING");
        String base = endpoints.carrierSandboxUrl();
        provider(p, "shiplemon", DemoSchedule.shiplemon(speed), base + "/shiplemon");
        p.put("trackstream.pollers.providers.shiplemon.accounts.default.api-key", credentials.shiplemonApiKey());
        provider(p, "salesive", DemoSchedule.salesive(speed), base + "/salesive");
        p.put("trackstream.pollers.providers.salesive.accounts.default.token", credentials.salesiveToken());
        provider(p, "courier-sync", DemoSchedule.courierSync(speed), base + "/courier-sync");
        p.put("trackstream.pollers.providers.courier-sync.accounts.default.username", credentials.courierSyncUsername());
        p.put("trackstream.pollers.providers.courier-sync.accounts.default.password", credentials.courierSyncPassword());
        return p;
    }

    public static Map<String, Object> orderNotifier(StackEndpoints endpoints, DemoCredentials credentials) {
        Map<String, Object> p = common(endpoints);
        String tenant = "trackstream.notifier.tenants." + credentials.tenant();
        p.put(tenant + ".carriyo.enabled", true);
        p.put(tenant + ".carriyo.base-url", endpoints.orderSandboxUrl());
        p.put(tenant + ".carriyo.api-key", credentials.carriyoApiKey());
        p.put(tenant + ".carriyo.tenant-id", credentials.carriyoTenantId());
        p.put(tenant + ".carriyo.oauth2.token-uri", endpoints.orderSandboxUrl() + OrderSystemSandbox.CARRIYO_TOKEN_PATH);
        p.put(tenant + ".carriyo.oauth2.client-id", credentials.carriyoClientId());
        p.put(tenant + ".carriyo.oauth2.client-secret", credentials.carriyoClientSecret());
        p.put(tenant + ".shop.enabled", true);
        p.put(tenant + ".shop.base-url", endpoints.orderSandboxUrl());
        p.put(tenant + ".shop.authorization", credentials.shopAuthorization());
        return p;
    }

    private static Map<String, Object> common(StackEndpoints endpoints) {
        Map<String, Object> p = new TreeMap<>();
        p.put("spring.kafka.bootstrap-servers", endpoints.bootstrapServers());
        p.put("trackstream.schema-registry-url", endpoints.schemaRegistryUrl());
        return p;
    }

    private static void appToken(Map<String, Object> p, String token, String tenant, String... scopes) {
        appToken(p, 0, token, tenant, scopes);
    }

    private static void appToken(Map<String, Object> p, int index, String token, String tenant, String... scopes) {
        p.put("trackstream.security.app-tokens[" + index + "].token", token);
        p.put("trackstream.security.app-tokens[" + index + "].tenant", tenant);
        p.put("trackstream.security.app-tokens[" + index + "].scopes", List.of(scopes));
    }

    private static void provider(Map<String, Object> p, String provider, DemoSchedule schedule, String baseUrl) {
        String prefix = "trackstream.pollers.providers." + provider;
        p.put(prefix + ".enabled", true);
        p.put(prefix + ".schedule", schedule.cron());
        p.put(prefix + ".spread", schedule.spread().toString());
        p.put(prefix + ".accounts.default.base-url", baseUrl);
    }
}
