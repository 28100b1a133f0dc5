package io.trackstream.ingest.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import io.trackstream.carriers.webhook.WebhookSigner;
import io.trackstream.ingest.config.IngestProperties;
import io.trackstream.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * Decides whether a webhook really comes from the provider it claims: the {@link WebhookSigner} signature must match
 * the provider's secret over the exact bytes received, and the signed timestamp must lie within the replay window.
 * (Whether the same signature was already received is the {@link ReplayGuard}'s to say.) Every refusal is a 401 naming
 * the header at fault; none of them says which secret was expected, and no secret is ever logged.
 */
public class WebhookAuthenticator {

    private final IngestProperties properties;
    private final Clock clock;

    public WebhookAuthenticator(IngestProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** A request whose signature is right and fresh: who signed it, when, and its key in the replay guard. */
    public record Signature(String provider, long signedAtEpochSeconds, ReplayGuard.Key key) {
    }

    /** The request's verified signature, or a 401. */
    public Signature authenticate(String provider, String timestampHeader, String signatureHeader, byte[] body) {
        String secret = properties.secretOf(provider).orElseThrow(() -> refuse("webhook_not_configured",
                "Webhooks of provider " + provider + " are not enabled on this server (no secret configured)", null));
        if (timestampHeader == null || timestampHeader.isBlank()) {
            throw refuse("missing_signature", "Header " + WebhookSigner.TIMESTAMP_HEADER + " is required", WebhookSigner.TIMESTAMP_HEADER);
        }
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw refuse("missing_signature", "Header " + WebhookSigner.SIGNATURE_HEADER + " is required", WebhookSigner.SIGNATURE_HEADER);
        }
        long timestamp = parseTimestamp(timestampHeader.trim());
        byte[] presented = parseSignature(signatureHeader.trim());
        byte[] expected = WebhookSigner.hmac(secret.getBytes(StandardCharsets.UTF_8), timestamp, body);
        if (!MessageDigest.isEqual(expected, presented)) {
            throw refuse("invalid_signature", "The signature does not match the request body and timestamp",
                    WebhookSigner.SIGNATURE_HEADER);
        }
        // Checked after the signature, so an attacker learns nothing about the window from unsigned requests.
        Duration window = properties.replayWindow();
        long age = clock.instant().getEpochSecond() - timestamp;
        if (Math.abs(age) > window.toSeconds()) {
            throw refuse("expired_signature", "The signed timestamp is " + Math.abs(age) + "s " + (age >= 0 ? "old" : "in the future")
                    + "; it must be within " + window.toSeconds() + "s of the server's clock", WebhookSigner.TIMESTAMP_HEADER);
        }
        return new Signature(provider, timestamp, ReplayGuard.Key.of(provider, presented));
    }

    /** The 401 of a signature settled within the window. */
    public static ApiException replayed() {
        return refuse("replayed_signature", "This signed request was already received; sign each delivery anew",
                WebhookSigner.SIGNATURE_HEADER);
    }

    private static long parseTimestamp(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw refuse("invalid_signature", "Header " + WebhookSigner.TIMESTAMP_HEADER + " must be epoch seconds",
                    WebhookSigner.TIMESTAMP_HEADER);
        }
    }

    private static byte[] parseSignature(String value) {
        if (!value.regionMatches(true, 0, WebhookSigner.SCHEME_PREFIX, 0, WebhookSigner.SCHEME_PREFIX.length())) {
            throw refuse("invalid_signature", "Header " + WebhookSigner.SIGNATURE_HEADER + " must be "
                    + WebhookSigner.SCHEME_PREFIX + "<hex HMAC-SHA256>", WebhookSigner.SIGNATURE_HEADER);
        }
        String hex = value.substring(WebhookSigner.SCHEME_PREFIX.length());
        try {
            byte[] bytes = HexFormat.of().parseHex(hex);
            if (bytes.length != 32) {
                throw new IllegalArgumentException("not 32 bytes");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw refuse("invalid_signature", "Header " + WebhookSigner.SIGNATURE_HEADER + " must carry 64 hex digits after "
                    + WebhookSigner.SCHEME_PREFIX, WebhookSigner.SIGNATURE_HEADER);
        }
    }

    private static ApiException refuse(String type, String message, String field) {
        return new ApiException(HttpStatus.UNAUTHORIZED, type, message, field, Map.of());
    }
}
