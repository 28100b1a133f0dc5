package io.trackstream.processor.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import jakarta.servlet.http.HttpServletRequest;
import io.trackstream.web.ApiException;

/**
 * Sends a read request on to the instance that owns its key, with the caller's own Authorization header, so the
 * owner applies the same authentication, scope and tenant rules; the answer is relayed as it is. The path and query
 * go on exactly as the caller encoded them (a space stays {@code %20}, never {@code %2520}).
 * <p>
 * The {@value #FORWARDED} header tells the owner to answer from its own stores and not forward again. It is signed
 * (HMAC-SHA256 with the instances' shared {@code forwarding-secret}, over its time and the request's path and query)
 * and trusted for {@link #MAX_AGE} only, so a client cannot set it to force an instance to answer from stores that do
 * not hold the key. Without a secret (a single instance) no marker is ever trusted.
 */
public class InstanceForwarder {

    public static final String FORWARDED = "X-Trackstream-Forwarded";
    static final Duration MAX_AGE = Duration.ofSeconds(60);

    private final HttpClient http;
    private final Duration timeout;
    private final SecretKeySpec key;
    private final Clock clock;

    /** @param secret the instances' shared forwarding secret; null or blank when the app runs alone */
    public InstanceForwarder(Duration timeout, String secret, Clock clock) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
        this.key = secret == null || secret.isBlank() ? null : new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
    }

    /** Whether the request was forwarded by another instance: a marker signed with the shared secret, and fresh. */
    public boolean isForwarded(HttpServletRequest request) {
        String marker = request.getHeader(FORWARDED);
        if (marker == null || key == null) {
            return false;
        }
        int dot = marker.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        long at;
        try {
            at = Long.parseLong(marker.substring(0, dot));
        } catch (NumberFormatException e) {
            return false;
        }
        long now = clock.millis() / 1000;
        if (Math.abs(now - at) > MAX_AGE.toSeconds()) {
            return false;
        }
        byte[] expected = sign(at, pathAndQuery(request)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, marker.getBytes(StandardCharsets.US_ASCII));
    }

    public ResponseEntity<String> forward(ShipmentStores.Instance owner, HttpServletRequest request) {
        return ask(owner, pathAndQuery(request), request.getHeader(HttpHeaders.AUTHORIZATION));
    }

    /**
     * Asks the owner of another key a read question of its own on the caller's behalf (a shipment's parcel history
     * from the instance that holds the parcel), with the caller's Authorization header.
     *
     * @param pathAndQuery the request's path and query, percent-encoded
     */
    public ResponseEntity<String> ask(ShipmentStores.Instance owner, String pathAndQuery, String authorization) {
        if (key == null) {
            throw new IllegalStateException("Forwarding between instances needs trackstream.processor.forwarding-secret");
        }
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(URI.create("http://" + owner.host() + ":" + owner.port() + pathAndQuery))
                .timeout(timeout)
                .header(FORWARDED, sign(clock.millis() / 1000, pathAndQuery))
                .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                .GET();
        if (authorization != null) {
            forwarded.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        try {
            HttpResponse<String> answer = http.send(forwarded.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            ResponseEntity.BodyBuilder relayed = ResponseEntity.status(answer.statusCode()).contentType(MediaType.APPLICATION_JSON);
            answer.headers().firstValue(HttpHeaders.RETRY_AFTER).ifPresent(v -> relayed.header(HttpHeaders.RETRY_AFTER, v));
            return relayed.body(answer.body());
        } catch (IOException | IllegalArgumentException e) {
            throw ApiException.unavailable("owner_unreachable", "The instance that holds this shipment cannot be reached; try again shortly", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("owner_unreachable", "Interrupted while asking the owning instance", 1);
        }
    }

    /** The marker this instance would send now for a request of that (encoded) path and query. */
    String markerFor(String pathAndQuery) {
        return sign(clock.millis() / 1000, pathAndQuery);
    }

    /** The path and query as the caller sent them, still percent-encoded. */
    private static String pathAndQuery(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }

    /** {@code <epoch seconds>.<hex HMAC-SHA256 of "seconds\npathAndQuery">} */
    private String sign(long epochSeconds, String pathAndQuery) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] signature = mac.doFinal((epochSeconds + "\n" + pathAndQuery).getBytes(StandardCharsets.UTF_8));
            return epochSeconds + "." + HexFormat.of().formatHex(signature);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }
}
