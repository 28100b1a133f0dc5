package io.trackstream.local.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DemoCredentialsTest {

    @Test
    void readsTheSameSecretVariablesAsWebhookIngest() {
        DemoCredentials credentials = DemoCredentials.fromEnvironment("athens", Map.of(
                "TRACKSTREAM_WEBHOOK_SECRET_COURIER_SYNC", "from-compose",
                "TRACKSTREAM_DEMO_INGEST_TOKEN", "app_compose-token"));

        assertThat(DemoCredentials.secretVariable("courier-sync")).isEqualTo("TRACKSTREAM_WEBHOOK_SECRET_COURIER_SYNC");
        assertThat(DemoCredentials.secretVariable("carriyo")).isEqualTo("TRACKSTREAM_WEBHOOK_SECRET_CARRIYO");
        assertThat(credentials.webhookSecret("courier-sync")).isEqualTo("from-compose");
        assertThat(credentials.webhookSecret("carriyo")).isEqualTo("demo-carriyo-secret");
        assertThat(credentials.ingestToken()).isEqualTo("app_compose-token");
    }

    @Test
    void defaultsAreUsableTokensForEveryProvider() {
        DemoCredentials credentials = DemoCredentials.fromEnvironment("athens", Map.of("TRACKSTREAM_DEMO_INGEST_TOKEN", " "));

        // web-support refuses app tokens without the app_ prefix: a default without it would stop webhook-ingest.
        assertThat(credentials.ingestToken()).isEqualTo(DemoCredentials.DEFAULT_INGEST_TOKEN).startsWith("app_");
        assertThat(credentials.readToken()).startsWith("app_");
        assertThat(credentials.webhookSecrets()).containsOnlyKeys("shiplemon", "courier-sync", "carriyo", "generic");
        assertThat(credentials.webhookSecrets().values()).doesNotHaveDuplicates().allSatisfy(s -> assertThat(s).isNotBlank());
    }
}
