package io.trackstream.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Resolves an app token to its {@link Caller}. Tokens are held only as SHA-256 digests, so a heap dump or a log of
 * this object shows none, and lookups do not compare secrets character by character.
 */
public final class AppTokens {

    public static final String TOKEN_PREFIX = "app_";

    private final Map<String, Caller> callersByDigest;

    public AppTokens(AppTokenProperties properties) {
        for (AppTokenProperties.AppToken t : properties.appTokens()) {
            if (t.token() == null || !t.token().startsWith(TOKEN_PREFIX) || t.tenant() == null || t.tenant().isBlank()) {
                throw new IllegalArgumentException("Every trackstream.security.app-tokens entry needs a token starting with "
                        + TOKEN_PREFIX + " and a tenant");
            }
        }
        this.callersByDigest = properties.appTokens().stream().collect(Collectors.toUnmodifiableMap(
                t -> digest(t.token()), t -> new Caller(t.tenant(), t.scopes()), (a, b) -> {
                    throw new IllegalArgumentException("The same app token is configured twice");
                }));
    }

    public Optional<Caller> resolve(String token) {
        return Optional.ofNullable(callersByDigest.get(digest(token)));
    }

    public int size() {
        return callersByDigest.size();
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
