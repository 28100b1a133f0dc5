package io.trackstream.testkit.ordersystem;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The OAuth2 token endpoint of the Carriyo-style API (RFC 6749 client credentials grant): a form-encoded
 * {@code grant_type=client_credentials} with the client authenticated by HTTP Basic or by {@code client_id} and
 * {@code client_secret} parameters gets a bearer token with an expiry; the API accepts only tokens issued here, not
 * expired nor revoked. With clients registered ({@link #register}) only they get tokens, each valid for its tenant;
 * with none, any client id and secret do (a local run's lenient mode).
 */
final class CarriyoTokenIssuer {

    private record Client(String tenantId, String secret) {
    }

    private record Issued(String tenantId, Instant expiresAt) {
    }

    private final Clock clock;
    private final Map<String, Client> clients = new HashMap<>();
    private final Map<String, Issued> tokens = new HashMap<>();
    private Duration lifetime = Duration.ofHours(1);
    private int issued;

    CarriyoTokenIssuer(Clock clock) {
        this.clock = clock;
    }

    synchronized void register(String tenantId, String clientId, String clientSecret) {
        clients.put(clientId, new Client(tenantId, clientSecret));
    }

    synchronized void lifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    /** Every token issued so far stops working, as after a key rotation. */
    synchronized void revokeAll() {
        tokens.clear();
    }

    synchronized int issued() {
        return issued;
    }

    /** {@code POST /oauth/token}. */
    synchronized SandboxResponse token(String authorization, String body) {
        Map<String, String> form;
        try {
            form = form(body);
        } catch (IllegalArgumentException e) {
            return oauthError(400, "invalid_request", "the body is not application/x-www-form-urlencoded");
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return oauthError(400, "unsupported_grant_type", "grant_type must be client_credentials");
        }
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] pair = basic(authorization.substring(6).trim());
            clientId = pair[0];
            secret = pair[1];
        }
        if (clientId == null || clientId.isBlank() || secret == null || secret.isBlank()) {
            return oauthError(401, "invalid_client", "client authentication is required");
        }
        Client client = clients.get(clientId);
        if (!clients.isEmpty() && (client == null || !client.secret().equals(secret))) {
            return oauthError(401, "invalid_client", "unknown client or wrong secret");
        }
        String token = "sbx-" + UUID.randomUUID();
        tokens.put(token, new Issued(client == null ? null : client.tenantId(), clock.instant().plus(lifetime)));
        issued++;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", lifetime.toSeconds());
        return new SandboxResponse(200, SandboxJson.write(answer));
    }

    /** Whether {@code authorization} is {@code Bearer <a token issued here>}, still valid, for {@code tenantId}. */
    synchronized boolean accepts(String authorization, String tenantId) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        Issued token = tokens.get(authorization.substring(7).trim());
        return token != null && clock.instant().isBefore(token.expiresAt())
                && (token.tenantId() == null || token.tenantId().equals(tenantId));
    }

    private static String[] basic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return new String[] {null, null};
            }
            // RFC 6749 2.3.1: id and secret are form-encoded before Basic encoding.
            return new String[] {decode(decoded.substring(0, colon)), decode(decoded.substring(colon + 1))};
        } catch (IllegalArgumentException e) {
            return new String[] {null, null};
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        if (body == null || body.isBlank()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return form;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static SandboxResponse oauthError(int status, String error, String description) {
        return new SandboxResponse(status, SandboxJson.write(Map.of("error", error, "error_description", description)));
    }
}
