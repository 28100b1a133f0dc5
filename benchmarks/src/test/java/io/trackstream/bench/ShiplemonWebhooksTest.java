package io.trackstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import io.trackstream.carriers.webhook.WebhookSigner;
import org.junit.jupiter.api.Test;

/** The benchmark's webhooks are signed as webhook-ingest verifies them. */
class ShiplemonWebhooksTest {

    @Test
    void signsTimestampDotBodyAsAnyHmacLibraryWould() {
        // computed independently: python3 hmac.new(b"bench-webhook-secret", b"1796637600." + body, sha256).hexdigest()
        byte[] body = ("{\"status\":\"ok\",\"data\":{\"tracking_ref\":\"RE123456789GR\",\"tracking_status\":\"DELIVERED\","
                + "\"status_details\":\"ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ\"}}").getBytes(StandardCharsets.UTF_8);

        assertThat(new ShiplemonWebhooks("bench-webhook-secret").headers(body, 1796637600L)).containsExactly(
                "X-Trackstream-Timestamp", "1796637600",
                "X-Trackstream-Signature", "sha256=d53142ab40e3e9467825e1ee25ebd11b2d791cc1aef5b58bf4709e6cd8f00db1");
    }

    @Test
    void whatItSignsNowVerifiesAsWebhookIngestChecksItAndAChangedBodyDoesNot() {
        byte[] body = ShiplemonWebhooks.body("RE123456789GR", ShiplemonWebhooks.STEPS, Instant.parse("2026-12-07T08:00:00Z"));
        long before = Instant.now().getEpochSecond();

        String[] headers = new ShiplemonWebhooks(Apps.WEBHOOK_SECRET).headers(body);

        assertThat(headers[0]).isEqualTo(WebhookSigner.TIMESTAMP_HEADER);
        assertThat(headers[2]).isEqualTo(WebhookSigner.SIGNATURE_HEADER);
        long timestamp = Long.parseLong(headers[1]);
        assertThat(timestamp).isBetween(before, Instant.now().getEpochSecond());
        assertThat(verifies(Apps.WEBHOOK_SECRET, timestamp, headers[3], body)).isTrue();
        byte[] changed = body.clone();
        changed[changed.length - 3] ^= 1;
        assertThat(verifies(Apps.WEBHOOK_SECRET, timestamp, headers[3], changed)).isFalse();
        assertThat(verifies("another-secret", timestamp, headers[3], body)).isFalse();
    }

    /** WebhookAuthenticator's check: the scheme prefix, then the HMAC compared in constant time. */
    private static boolean verifies(String secret, long timestamp, String signature, byte[] body) {
        assertThat(signature).startsWith(WebhookSigner.SCHEME_PREFIX);
        byte[] presented = HexFormat.of().parseHex(signature.substring(WebhookSigner.SCHEME_PREFIX.length()));
        return MessageDigest.isEqual(WebhookSigner.hmac(secret.getBytes(StandardCharsets.UTF_8), timestamp, body), presented);
    }
}
