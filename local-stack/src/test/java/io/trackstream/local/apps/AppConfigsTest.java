package io.trackstream.local.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AppConfigsTest {

    private final StackEndpoints endpoints = new StackEndpoints("127.0.0.1:19092", "http://127.0.0.1:19085",
            "http://127.0.0.1:19090", "http://127.0.0.1:19091", Path.of("/data/run"));
    private final DemoCredentials credentials = DemoCredentials.fromEnvironment("athens", Map.of());

    @Test
    void everyAppUsesTheLocalBrokerAndTheLocalSchemaRegistryNotAMockOne() {
        for (App app : App.values()) {
            Map<String, Object> config = AppConfigs.of(app, endpoints, credentials, 60);
            assertThat(config).as(app.module())
                    .containsValue(DemoCredentials.OPERATOR_TOKEN).containsValue(List.of("OPERATE"))
                    .containsEntry("spring.kafka.bootstrap-servers", "127.0.0.1:19092")
                    .containsEntry("trackstream.schema-registry-url", "http://127.0.0.1:19085");
        }
    }

    @Test
    void theProcessorServesTheReadApiToTheDemoTenantAndKeepsItsStateInTheDataFolder() {
        Map<String, Object> config = AppConfigs.processor(endpoints, credentials);

        assertThat(config).containsEntry("spring.kafka.streams.state-dir", Path.of("/data/run/processor-state").toString())
                .containsEntry("trackstream.security.app-tokens[0].token", credentials.readToken())
                .containsEntry("trackstream.security.app-tokens[0].tenant", "athens")
                .containsEntry("trackstream.security.app-tokens[0].scopes", List.of("READ_SHIPPING"));
    }

    @Test
    void webhookIngestTakesRegistrationsWithTheIngestTokenAndVerifiesEveryProvidersSecret() {
        Map<String, Object> config = AppConfigs.webhookIngest(endpoints, credentials);

        assertThat(config).containsEntry("trackstream.security.app-tokens[0].token", credentials.ingestToken())
                .containsEntry("trackstream.security.app-tokens[0].scopes", List.of("WRITE_SHIPPING"))
                .containsEntry("trackstream.ingest.webhooks.courier-sync.secret", credentials.webhookSecret("courier-sync"))
                .containsEntry("trackstream.ingest.webhooks.carriyo.secret", credentials.webhookSecret("carriyo"))
                .containsKeys("trackstream.ingest.webhooks.shiplemon.secret", "trackstream.ingest.webhooks.generic.secret");
    }

    @Test
    void thePollersCallTheCarrierSandboxWithItsCredentialsOnTheCompressedSchedules() {
        Map<String, Object> config = AppConfigs.producerPollers(endpoints, credentials, 60);
        String p = "trackstream.pollers.providers.";

        assertThat(config).containsEntry(p + "shiplemon.accounts.default.base-url", "http://127.0.0.1:19090/shiplemon")
                .containsEntry(p + "shiplemon.accounts.default.api-key", "sandbox-shiplemon-key")
                .containsEntry(p + "shiplemon.schedule", "*/30 * * * * *")
                .containsEntry(p + "salesive.accounts.default.base-url", "http://127.0.0.1:19090/salesive")
                .containsEntry(p + "salesive.accounts.default.token", "app_sandbox_salesive")
                .containsEntry(p + "salesive.schedule", "0 */1 * * * *")
                .containsEntry(p + "courier-sync.accounts.default.base-url", "http://127.0.0.1:19090/courier-sync")
                .containsEntry(p + "courier-sync.accounts.default.username", "trackstream")
                .containsEntry(p + "courier-sync.accounts.default.password", "sandbox")
                .containsEntry(p + "courier-sync.spread", "PT2S")
                .containsEntry("trackstream.security.app-tokens[0].scopes", List.of("READ_SHIPPING"));
    }

    @Test
    void theNotifierClosesTheDemoTenantsOrdersInTheOrderSandboxAndTellsItsShopPlatform() {
        Map<String, Object> config = AppConfigs.orderNotifier(endpoints, credentials);
        String tenant = "trackstream.notifier.tenants.athens.";

        assertThat(config).containsEntry(tenant + "carriyo.base-url", "http://127.0.0.1:19091")
                .containsEntry(tenant + "carriyo.api-key", credentials.carriyoApiKey())
                .containsEntry(tenant + "carriyo.tenant-id", "athens")
                .containsEntry(tenant + "carriyo.oauth2.token-uri", "http://127.0.0.1:19091/oauth/token")
                .containsEntry(tenant + "carriyo.oauth2.client-id", credentials.carriyoClientId())
                .containsEntry(tenant + "carriyo.oauth2.client-secret", credentials.carriyoClientSecret())
                .containsEntry(tenant + "shop.enabled", true)
                .containsEntry(tenant + "shop.base-url", "http://127.0.0.1:19091")
                .containsEntry(tenant + "shop.authorization", credentials.shopAuthorization());
    }
}
