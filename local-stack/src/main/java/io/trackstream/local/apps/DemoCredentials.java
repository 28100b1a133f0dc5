package io.trackstream.local.apps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.trackstream.testkit.carrier.CarrierSandbox;

/**
 * The secrets the demo shares between the apps and the sandboxes: app tokens of the demo tenant, the webhook HMAC
 * secrets, and what the order systems expect (Carriyo: API key and OAuth2 client). Only demo values: real deployments take their own from the
 * environment. The ingest token and the webhook secrets can be overridden through the same environment variables a
 * docker-compose deployment gives webhook-ingest ({@code TRACKSTREAM_WEBHOOK_SECRET_<PROVIDER>}).
 */
public record DemoCredentials(
        String tenant,
        String readToken,
        String ingestToken,
        Map<String, String> webhookSecrets,
        String carriyoTenantId,
        String carriyoApiKey,
        String carriyoClientId,
        String carriyoClientSecret,
        String shopAuthorization) {

    public static final String INGEST_TOKEN_VARIABLE = "TRACKSTREAM_DEMO_INGEST_TOKEN";
    /** App tokens must start with {@code app_} (web-support's AppTokens refuses others). */
    public static final String DEFAULT_INGEST_TOKEN = "app_demo-ingest-token";
    public static final String DEFAULT_READ_TOKEN = "app_demo-read-token";
    /** Sees every app's health details ({@code OPERATE} scope). */
    public static final String OPERATOR_TOKEN = "app_demo-operator-token";
    /** The providers webhook-ingest has an endpoint (and a secret) for. */
    public static final List<String> WEBHOOK_PROVIDERS = List.of("shiplemon", "courier-sync", "carriyo", "generic");

    public DemoCredentials {
        webhookSecrets = Map.copyOf(webhookSecrets);
    }

    public static DemoCredentials fromEnvironment(String tenant, Map<String, String> env) {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String provider : WEBHOOK_PROVIDERS) {
            secrets.put(provider, nonBlank(env.get(secretVariable(provider)), "demo-" + provider + "-secret"));
        }
        return new DemoCredentials(tenant, DEFAULT_READ_TOKEN, nonBlank(env.get(INGEST_TOKEN_VARIABLE), DEFAULT_INGEST_TOKEN),
                secrets, tenant, "demo-carriyo-key", "demo-carriyo-client", "demo-carriyo-client-secret",
                "Bearer demo-shop-token");
    }

    /** {@code TRACKSTREAM_WEBHOOK_SECRET_COURIER_SYNC} for {@code courier-sync}: the variable webhook-ingest reads. */
    public static String secretVariable(String provider) {
        return "TRACKSTREAM_WEBHOOK_SECRET_" + provider.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public String webhookSecret(String provider) {
        String secret = webhookSecrets.get(provider);
        if (secret == null) {
            throw new IllegalArgumentException("No webhook secret for provider " + provider);
        }
        return secret;
    }

    public String operatorToken() {
        return OPERATOR_TOKEN;
    }

    public String shiplemonApiKey() {
        return CarrierSandbox.SHIPLEMON_API_KEY;
    }

    public String salesiveToken() {
        return CarrierSandbox.SALESIVE_TOKEN;
    }

    public String courierSyncUsername() {
        return CarrierSandbox.COURIER_SYNC_USER;
    }

    public String courierSyncPassword() {
        return CarrierSandbox.COURIER_SYNC_PASSWORD;
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
