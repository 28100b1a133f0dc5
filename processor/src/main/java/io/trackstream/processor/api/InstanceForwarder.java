package io.trackstream.processor.api;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

import jakarta.servlet.http.HttpServletRequest;

import io.trackstream.web.ApiException;

/**
 * Sends a read request on to the instance that owns its key, with the caller's own Authorization header, so the
 * owner applies the same authentication, scope and tenant rules; the answer is relayed as it is. The
 * {@value #FORWARDED} header tells the owner to answer from its own stores and never forward again.
 */
public class InstanceForwarder {

    public static final String FORWARDED = "X-Trackstream-Forwarded";

    private final HttpClient http;
    private final Duration timeout;

    public InstanceForwarder(Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    public static boolean isForwarded(HttpServletRequest request) {
        return request.getHeader(FORWARDED) != null;
    }

    public ResponseEntity<String> forward(ShipmentStores.Instance owner, HttpServletRequest request) {
        UriComponentsBuilder uri = UriComponentsBuilder.newInstance().scheme("http").host(owner.host()).port(owner.port())
                .path(request.getRequestURI());
        request.getParameterMap().forEach((name, values) -> uri.queryParam(name, (Object[]) values));
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(uri.encode().build().toUri())
                .timeout(timeout)
                .header(FORWARDED, "true")
                .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                .GET();
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            forwarded.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        try {
            HttpResponse<String> answer = http.send(forwarded.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return ResponseEntity.status(answer.statusCode()).contentType(MediaType.APPLICATION_JSON).body(answer.body());
        } catch (IOException e) {
            throw ApiException.unavailable("owner_unreachable", "The instance that holds this shipment cannot be reached; try again shortly", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("owner_unreachable", "Interrupted while asking the owning instance", 1);
        }
    }
}
