package io.trackstream.carriers.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a webhook sender signs a request so webhook-ingest accepts it. The signature is an HMAC-SHA256, keyed with the
 * provider's shared secret, over the ASCII timestamp, a dot, and the raw request body exactly as sent:
 * <pre>
 * X-Trackstream-Timestamp: 1721037720
 * X-Trackstream-Signature: sha256=hex(HMAC_SHA256(secret, "1721037720" + "." + body))
 * </pre>
 * The timestamp (epoch seconds) is inside the signed bytes, so an old request cannot be re-dated; the body is signed
 * as bytes, so nothing a proxy or a JSON library might re-encode can slip past. Here, in the carriers
 * module, because both sides use it: webhook-ingest verifies with it, senders (the sandboxes, tests) sign with it.
 */
public final class WebhookSigner {

    public static final String TIMESTAMP_HEADER = "X-Trackstream-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Trackstream-Signature";
    public static final String SCHEME_PREFIX = "sha256=";

    private static final String ALGORITHM = "HmacSHA256";

    private WebhookSigner() {
    }

    /** The value of {@link #SIGNATURE_HEADER} for this body sent at {@code epochSeconds}. */
    public static String sign(String secret, long epochSeconds, byte[] body) {
        return SCHEME_PREFIX + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), epochSeconds, body));
    }

    /** The raw HMAC bytes, for webhook-ingest's constant-time comparison. */
    public static byte[] hmac(byte[] secret, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            mac.update(Long.toString(epochSeconds).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            mac.update(body);
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
