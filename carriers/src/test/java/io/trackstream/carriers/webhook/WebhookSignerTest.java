package io.trackstream.carriers.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void signsTimestampDotRawBodyWithHmacSha256AsAnyHmacLibraryWould() {
        // computed independently: python3 hmac.new(b"s3cr3t", b"1721037720." + body, sha256).hexdigest()
        byte[] body = "{\"text\":\"ΠΡΟΣ ΠΑΡΑΔΟΣΗ\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSigner.sign("s3cr3t", 1721037720L, body))
                .isEqualTo("sha256=185098d99a9a8800843b62da9cd00de9b9aeae47ea9236754c45a753cb75d10f");
    }

    @Test
    void anyChangeOfSecretTimestampOrBodyChangesTheSignature() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSigner.sign("a", 1L, body);

        assertThat(WebhookSigner.sign("b", 1L, body)).isNotEqualTo(signature);
        assertThat(WebhookSigner.sign("a", 2L, body)).isNotEqualTo(signature);
        assertThat(WebhookSigner.sign("a", 1L, "{ }".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(signature);
    }
}
