package io.trackstream.ingest.api;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import io.trackstream.ingest.metrics.IngestMetrics;
import io.trackstream.ingest.registration.ShipmentRegistrations;
import io.trackstream.web.ErrorBodies;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bodies over trackstream.ingest.max-body-size get 413 before Spring MVC reads them into a {@code byte[]}: a declared
 * Content-Length over the limit is refused unread, and a body of unknown length is read no further than one byte past
 * the limit. A body within the limit is handed on as the exact bytes received. A refusal is counted like the
 * services' answers (endpoint = the webhook's provider, or registration).
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private static final String WEBHOOKS = "/webhooks/";

    private final long maxBytes;
    private final IngestMetrics metrics;
    private final Set<String> providers;

    /** @param providers the webhook providers, the only endpoint tags a path may give (any other is "unknown") */
    public BodySizeLimitFilter(DataSize limit, IngestMetrics metrics, Set<String> providers) {
        this.maxBytes = limit.toBytes();
        this.metrics = metrics;
        this.providers = Set.copyOf(providers);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(request, response);
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException unreadable) {
            ErrorBodies.write(response, HttpServletResponse.SC_BAD_REQUEST, "unreadable_body", "The request body could not be read",
                    "body");
            return;
        }
        if (body.length > maxBytes) {
            tooLarge(request, response);
            return;
        }
        chain.doFilter(new WithBody(request, body), response);
    }

    private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String endpoint = endpointOf(request.getRequestURI());
        metrics.request(endpoint, IngestMetrics.outcomeOf(413));
        metrics.rejection(endpoint, "payload_too_large");
        ErrorBodies.write(response, 413, "payload_too_large", "The request body is larger than the limit of " + maxBytes + " bytes",
                "body");
    }

    private String endpointOf(String path) {
        int at = path == null ? -1 : path.indexOf(WEBHOOKS);
        if (at < 0) {
            return ShipmentRegistrations.ENDPOINT;
        }
        String provider = path.substring(at + WEBHOOKS.length());
        return providers.contains(provider) ? provider : "unknown";
    }

    /** The request with its body already read. */
    private static final class WithBody extends HttpServletRequestWrapper {

        private final byte[] body;

        WithBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("The body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            Charset charset = StandardCharsets.UTF_8;
            try {
                charset = getCharacterEncoding() == null ? charset : Charset.forName(getCharacterEncoding());
            } catch (IllegalArgumentException unknown) {
                // a charset no one knows: read as UTF-8, the only one the JSON endpoints accept
            }
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
