package io.trackstream.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

import io.trackstream.carriers.webhook.WebhookSigner;

/**
 * Shiplemon tracking webhooks as the provider sends them (the seed's shape, Greek texts): every delivery carries the
 * parcel's whole history so far. Step k (1..4) of a parcel's life adds one event that changes its status:
 * INFO_RECEIVED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED. Signed by the carriers module's {@link WebhookSigner}, the
 * scheme webhook-ingest verifies with, so the benchmark cannot drift from it.
 */
final class ShiplemonWebhooks {

    static final String PATH = "/webhooks/shiplemon";
    static final int STEPS = 4;
    private static final String[][] LIFE = {
            {"PRE_TRANSIT", null, "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ"},
            {"TRANSIT", null, "ΠΑΡΑΛΑΒΗ ΑΠΟ ΚΑΤΑΣΤΗΜΑ"},
            {"TRANSIT", "WITH_COURIER", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ"},
            {"DELIVERED", null, "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ"}};
    /** The shipment status each step leads to (one parcel per shipment). */
    static final String[] STATUS_AFTER_STEP = {"INFO_RECEIVED", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED"};

    private final String secret;

    ShiplemonWebhooks(String secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
    }

    /** The body of the webhook after {@code steps} steps of a parcel whose first event happened at {@code start}. */
    static byte[] body(String trackingRef, int steps, Instant start) {
        StringBuilder history = new StringBuilder(700);
        for (int i = steps - 1; i >= 0; i--) { // newest first, as Shiplemon lists them
            String[] e = LIFE[i];
            history.append("{\"status\":\"").append(e[0]).append("\",\"status_exact\":")
                    .append(e[1] == null ? "null" : "\"" + e[1] + "\"")
                    .append(",\"status_date\":\"").append(start.plusSeconds(600L * i)).append("\",\"status_details\":\"")
                    .append(e[2]).append("\"}").append(i > 0 ? "," : "");
        }
        String json = "{\"status\":\"ok\",\"data\":{\"id\":\"sl-" + trackingRef + "\",\"partner_id\":\"bench\",\"driver\":\"elta\","
                + "\"carrier\":{\"code\":\"elta\",\"name\":\"ELTA Courier\"},\"tracking_status\":\"" + LIFE[steps - 1][0] + "\","
                + "\"tracking_history\":[" + history + "],\"tracking_ref\":\"" + trackingRef + "\","
                + "\"tracking_url\":\"https://www.elta-courier.gr/search?br=" + trackingRef + "\",\"country_from\":\"GR\",\"country_to\":\"GR\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The signature headers for this body, now. */
    String[] headers(byte[] body) {
        return headers(body, System.currentTimeMillis() / 1000);
    }

    /** The signature headers for this body sent at {@code epochSeconds}: name, value, name, value. */
    String[] headers(byte[] body, long epochSeconds) {
        return new String[] {WebhookSigner.TIMESTAMP_HEADER, Long.toString(epochSeconds),
                WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(secret, epochSeconds, body)};
    }
}
