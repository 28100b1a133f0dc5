package io.trackstream.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.trackstream.carriers.webhook.WebhookSigner;
import io.trackstream.fixtures.MutableClock;
import io.trackstream.ingest.config.IngestProperties;
import io.trackstream.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class WebhookAuthenticatorTest {

    private static final String SECRET = "carrier-secret";
    private final MutableClock clock = new MutableClock(Instant.parse("2024-07-15T10:00:00Z"));
    private final IngestProperties properties = new IngestProperties(
            Map.of("shiplemon", new IngestProperties.WebhookSecret(SECRET)), Duration.ofMinutes(5), DataSize.ofKilobytes(256), 100,
            Duration.ofSeconds(10), new IngestProperties.ReplayCache(1000), new IngestProperties.Publish(Duration.ofSeconds(5)));
    private final WebhookAuthenticator authenticator = new WebhookAuthenticator(properties, clock);
    private final byte[] body = "{\"tracking_ref\":\"ZU1\"}".getBytes(StandardCharsets.UTF_8);

    private WebhookAuthenticator.Signature authenticate(long timestamp, String signature) {
        return authenticator.authenticate("shiplemon", Long.toString(timestamp), signature, body);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    @Test
    void acceptsAFreshCorrectSignature() {
        WebhookAuthenticator.Signature signature = authenticate(now(), WebhookSigner.sign(SECRET, now(), body));
        assertThat(signature.provider()).isEqualTo("shiplemon");
        assertThat(signature.signedAtEpochSeconds()).isEqualTo(now());
        assertThat(signature.key()).as("the same signed request, the same replay key")
                .isEqualTo(authenticate(now(), WebhookSigner.sign(SECRET, now(), body)).key());
    }

    @Test
    void acceptsClockSkewWithinTheWindowBothWays() {
        long fourMinutesAgo = now() - 240;
        long fourMinutesAhead = now() + 240;
        authenticate(fourMinutesAgo, WebhookSigner.sign(SECRET, fourMinutesAgo, body));
        authenticate(fourMinutesAhead, WebhookSigner.sign(SECRET, fourMinutesAhead, body));
    }

    @Test
    void refusesTimestampsOutsideTheWindowEvenWhenSignedCorrectly() {
        long sixMinutesAgo = now() - 360;
        long sixMinutesAhead = now() + 360;
        assertRefused(() -> authenticate(sixMinutesAgo, WebhookSigner.sign(SECRET, sixMinutesAgo, body)), "expired_signature");
        assertRefused(() -> authenticate(sixMinutesAhead, WebhookSigner.sign(SECRET, sixMinutesAhead, body)), "expired_signature");
    }

    @Test
    void refusesWrongSecretMalformedHeadersAndUnconfiguredProviders() {
        assertRefused(() -> authenticate(now(), WebhookSigner.sign("other", now(), body)), "invalid_signature");
        assertRefused(() -> authenticate(now(), "sha1=abcdef"), "invalid_signature");
        assertRefused(() -> authenticate(now(), "sha256=zz"), "invalid_signature");
        assertRefused(() -> authenticator.authenticate("shiplemon", "  ", WebhookSigner.sign(SECRET, now(), body), body), "missing_signature");
        assertRefused(() -> authenticator.authenticate("shiplemon", "12", null, body), "missing_signature");
        assertRefused(() -> authenticator.authenticate("carriyo", Long.toString(now()), WebhookSigner.sign(SECRET, now(), body), body),
                "webhook_not_configured");
    }

    @Test
    void theSecretNeverAppearsInTheConfigurationsToString() {
        assertThat(properties.toString()).doesNotContain(SECRET).contains("******");
    }

    private static void assertRefused(Runnable call, String type) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(401);
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.getMessage()).doesNotContain(SECRET);
        });
    }
}
