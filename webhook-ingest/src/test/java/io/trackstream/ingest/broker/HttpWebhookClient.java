package io.trackstream.ingest.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import io.trackstream.carriers.webhook.WebhookSigner;

/** Sends webhooks over real HTTP to the running app, signed as a carrier integration would sign them. */
final class HttpWebhookClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    HttpWebhookClient(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> webhook(String provider, String secret, byte[] body) {
        return webhook(provider, secret, body, Instant.now().getEpochSecond());
    }

    HttpResponse<String> webhook(String provider, String secret, byte[] body, long epochSeconds) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/" + provider))
                .header("Content-Type", "application/json")
                .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(epochSeconds))
                .header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(secret, epochSeconds, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    HttpResponse<String> registration(String token, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/shipments"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
