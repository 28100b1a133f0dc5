package io.trackstream.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.trackstream.web.ApiException;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authenticates requests to handlers marked {@link RequiresScope}: a bearer app token must resolve to a caller
 * (else 401), and the caller must hold the scope (else 403). The caller is then available to the handler.
 */
public class AppTokenInterceptor implements HandlerInterceptor {

    static final String CALLER_ATTRIBUTE = Caller.class.getName();
    private static final String BEARER = "Bearer ";

    private final AppTokens tokens;

    public AppTokenInterceptor(AppTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        RequiresScope required = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequiresScope.class);
        if (required == null) {
            required = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresScope.class);
        }
        if (required == null) {
            return true;
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw ApiException.unauthorized("authentication_required", "Authentication required");
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiException.unauthorized("invalid_token", "Authentication required: send Authorization: Bearer app_...");
        }
        Caller caller = tokens.resolve(header.substring(BEARER.length()).trim())
                .orElseThrow(() -> ApiException.unauthorized("invalid_token", "Invalid app access token"));
        if (!caller.has(required.value())) {
            throw ApiException.forbidden("Insufficient scope: this operation requires " + required.value());
        }
        request.setAttribute(CALLER_ATTRIBUTE, caller);
        return true;
    }
}
