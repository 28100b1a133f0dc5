package io.trackstream.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A query string Tomcat cannot turn into parameters (an invalid percent-encoding, bytes that are no UTF-8, a name
 * missing before '=', more than its 1,000 parameters) makes it throw from the first getParameter of whoever asks:
 * an actuator endpoint, a controller, a 500. It is the caller's mistake: 400 {@code invalid_query}, checked here, before
 * anything reads a parameter.
 */
public class QueryStringFilter extends OncePerRequestFilter implements Ordered {

    /** Tomcat's default maxParameterCount. */
    static final int MAX_PARAMETERS = 1000;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query == null || readable(query)) {
            chain.doFilter(request, response);
            return;
        }
        ErrorBodies.write(response, HttpServletResponse.SC_BAD_REQUEST, "invalid_query",
                "The query string is not valid: each parameter is name=value, percent-encoded UTF-8");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 80;
    }

    static boolean readable(String query) {
        int parameters = 0;
        for (String chunk : query.split("&", -1)) {
            if (chunk.isEmpty()) {
                continue;
            }
            if (++parameters > MAX_PARAMETERS) {
                return false;
            }
            int equals = chunk.indexOf('=');
            if (equals == 0) {
                return false;
            }
            String name = equals < 0 ? chunk : chunk.substring(0, equals);
            String value = equals < 0 ? "" : chunk.substring(equals + 1);
            if (!decodes(name) || !decodes(value)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code text} percent-decodes to well-formed UTF-8. */
    private static boolean decodes(String text) {
        if (text.indexOf('%') < 0) {
            return true;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return false;
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return false;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException notUtf8) {
            return false;
        }
    }
}
