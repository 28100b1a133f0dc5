package io.trackstream.web.security;

import java.io.IOException;
import java.security.Principal;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Makes the caller of an actuator endpoint known to Spring Boot's endpoint security: a request with a valid app
 * token gets that token's tenant as its principal and the token's scopes as its roles. With
 * {@code management.endpoint.health.show-details=when-authorized} and {@code roles=OPERATE}, anonymous callers (the
 * probes) see only the status, an operator's token the details (disk paths, Streams state, lag). An absent or unknown
 * token is simply anonymous: a probe never gets a 401.
 */
public class OperatorAccessFilter extends OncePerRequestFilter {

    /** The scope that shows health details. */
    public static final String OPERATE = "OPERATE";

    private static final String BEARER = "Bearer ";

    private final AppTokens tokens;

    public OperatorAccessFilter(AppTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = bearerToken(request).flatMap(tokens::resolve);
        chain.doFilter(caller.<HttpServletRequest>map(c -> new CallerRequest(request, c)).orElse(request), response);
    }

    private static Optional<String> bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(header.substring(BEARER.length()).trim());
    }

    private static final class CallerRequest extends HttpServletRequestWrapper {

        private final Caller caller;

        CallerRequest(HttpServletRequest request, Caller caller) {
            super(request);
            this.caller = caller;
        }

        @Override
        public Principal getUserPrincipal() {
            return caller::tenant;
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.has(role);
        }
    }
}
