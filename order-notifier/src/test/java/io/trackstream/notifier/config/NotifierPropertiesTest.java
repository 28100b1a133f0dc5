package io.trackstream.notifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * A switched-on order system without its address or credentials, or with an address the client cannot call, stops
 * the app at start, naming the keys.
 */
class NotifierPropertiesTest {

    private static final String ACME = "trackstream.notifier.tenants.acme.";

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Bound.class)
            .withPropertyValues(
                    ACME + "carriyo.base-url=https://api.example-carriyo.com",
                    ACME + "carriyo.api-key=key-acme",
                    ACME + "carriyo.tenant-id=ACME",
                    ACME + "carriyo.oauth2.token-uri=https://identity.example-carriyo.com/oauth/token",
                    ACME + "carriyo.oauth2.client-id=trackstream-acme",
                    ACME + "carriyo.oauth2.client-secret=s3cret");

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NotifierProperties.class)
    static class Bound {
    }

    @Test
    void aCompleteCarriyoBlockBindsWithItsOAuth2Client() {
        context.run(started -> {
            assertThat(started).hasNotFailed();
            NotifierProperties.OAuth2 oauth2 = started.getBean(NotifierProperties.class).tenant("acme").orElseThrow()
                    .carriyo().oauth2();
            assertThat(oauth2.tokenUri()).hasToString("https://identity.example-carriyo.com/oauth/token");
            assertThat(oauth2.clientAuthenticationMethod()).isEqualTo("client_secret_basic");
            assertThat(oauth2.renewBefore()).isEqualTo(Duration.ofSeconds(60));
        });
    }

    @Test
    void aBaseUrlWithoutSchemeStopsTheStartNamingTheKey() {
        context.withPropertyValues(ACME + "carriyo.base-url=api.example-carriyo.com").run(started -> {
            assertThat(started).hasFailed();
            assertThat(started.getStartupFailure()).rootCause()
                    .hasMessageContaining("carriyo.base-url must be an absolute http(s) URL")
                    .hasMessageContaining("'api.example-carriyo.com'");
            assertThat(started.getStartupFailure())
                    .hasStackTraceContaining("Failed to bind properties under 'trackstream.notifier.tenants.acme.carriyo'");
        });
    }

    @Test
    void onlyHttpAndHttpsWithAHostAreCallable() {
        for (String url : new String[] {"ftp://api.example.com", "http:/api", "/orders", "mailto:ops@example.com"}) {
            assertThatThrownBy(() -> NotifierProperties.requireHttpUrl("shop.base-url", URI.create(url)))
                    .as(url).hasMessageContaining("shop.base-url must be an absolute http(s) URL");
        }
        NotifierProperties.requireHttpUrl("shop.base-url", URI.create("HTTPS://shop.example.com/api"));
    }

    @Test
    void aShopBaseUrlAndATokenUriAreCheckedToo() {
        context.withPropertyValues(ACME + "shop.enabled=true", ACME + "shop.base-url=shop.example.com",
                ACME + "shop.authorization=Bearer x").run(started -> assertThat(started.getStartupFailure()).rootCause()
                        .hasMessageContaining("shop.base-url must be an absolute http(s) URL"));
        context.withPropertyValues(ACME + "carriyo.oauth2.token-uri=identity.example-carriyo.com/oauth/token")
                .run(started -> assertThat(started.getStartupFailure()).rootCause()
                        .hasMessageContaining("carriyo.oauth2.token-uri must be an absolute http(s) URL"));
    }

    @Test
    void carriyoNeedsItsOAuth2ClientWhenEnabled() {
        assertThatThrownBy(() -> new NotifierProperties.Carriyo(true, URI.create("http://carriyo"), "key", "ACME", null))
                .hasMessageContaining("oauth2 (token-uri, client-id, client-secret)");
        assertThatThrownBy(() -> new NotifierProperties.OAuth2(URI.create("http://carriyo/oauth/token"), "id", " ",
                null, null, null, null)).hasMessageContaining("client-secret");
    }

    @Test
    void carriyoNeedsBaseUrlApiKeyAndTenantIdWhenEnabled() {
        assertThatThrownBy(() -> new NotifierProperties.Carriyo(true, URI.create("http://carriyo"), null, "ACME", null))
                .hasMessageContaining("api-key");
    }

    @Test
    void shopNeedsBaseUrlAndAuthorizationWhenEnabled() {
        assertThatThrownBy(() -> new NotifierProperties.Shop(true, null, "Bearer x", 8L, 9L))
                .hasMessageContaining("base-url");
    }
}
