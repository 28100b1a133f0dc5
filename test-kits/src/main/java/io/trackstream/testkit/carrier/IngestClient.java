package io.trackstream.testkit.carrier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends to webhook-ingest the way its contract asks a sender to: a 2xx means the request is durable in Kafka; a 5xx,
 * a 429, a timeout or no connection means "send it again" (with a back-off, each attempt built afresh, so a webhook
 * gets a new timestamp and signature); any other 4xx is final (retrying the same request cannot help). Keeps trying
 * until the answer is settled or the client is closed, so a sandbox can start before webhook-ingest is up.
 */
public final class IngestClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngestClient.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final URI baseUrl;
    private final HttpClient http;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean unreachable;

    public IngestClient(URI baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** A settled answer: 2xx, or a 4xx that retrying cannot change. */
    public record Answer(int status, String body) {
        public boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * POSTs a JSON body to {@code path} until the answer is settled.
     *
     * @param headers built again for every attempt (a webhook is signed with the time of sending)
     * @return the settled answer, or null when the client was closed first
     */
    public Answer post(String path, byte[] body, Supplier<Map<String, String>> headers) {
        Duration backoff = FIRST_BACKOFF;
        while (closed.getCount() > 0) {
            // Appended, not resolved: a base URL with a path (behind a proxy, say) keeps it.
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.get().forEach(request::header);
            String failure;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (!retryable(status)) {
                    if (unreachable) {
                        unreachable = false;
                        log.info("webhook-ingest at {} answers again", baseUrl);
                    }
                    return new Answer(status, response.body());
                }
                failure = "HTTP " + status;
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (!unreachable) {
                unreachable = true;
                log.info("webhook-ingest at {} not ready ({}); sending again until it is", baseUrl, failure);
            }
            if (await(backoff)) {
                return null;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        return null;
    }

    static boolean retryable(int status) {
        return status >= 500 || status == 429 || status == 408;
    }

    /** Waits out a back-off; true when the client was closed meanwhile. */
    private boolean await(Duration backoff) {
        try {
            return closed.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
