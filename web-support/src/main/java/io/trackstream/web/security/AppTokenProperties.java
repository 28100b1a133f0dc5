package io.trackstream.web.security;

import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The app tokens this service accepts, each bound to one tenant with its scopes:
 * {@code trackstream.security.app-tokens[0].token=app_...}, {@code .tenant=store-1}, {@code .scopes=READ_SHIPPING}.
 * In production they come from the environment or a secret store, never from the repository.
 */
@ConfigurationProperties("trackstream.security")
public record AppTokenProperties(List<AppToken> appTokens) {

    public AppTokenProperties {
        appTokens = appTokens == null ? List.of() : List.copyOf(appTokens);
    }

    public record AppToken(String token, String tenant, Set<String> scopes) {
        public AppToken {
            scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        }
    }
}
