package io.trackstream.notifier.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;


/** A switched-on order system without its address or credentials stops the app at start, naming the keys. */
class NotifierPropertiesTest {

    @Test
    void carriyoNeedsBaseUrlApiKeyAndTenantIdWhenEnabled() {
        assertThatThrownBy(() -> new NotifierProperties.Carriyo(true, URI.create("http://carriyo"), null, "ACME"))
                .hasMessageContaining("api-key");
    }

    @Test
    void shopNeedsBaseUrlAndAuthorizationWhenEnabled() {
        assertThatThrownBy(() -> new NotifierProperties.Shop(true, null, "Bearer x", 8L, 9L))
                .hasMessageContaining("base-url");
    }
}
