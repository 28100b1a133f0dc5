package io.trackstream.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.filter.FormContentFilter;

/**
 * Spring's form-body filter for PUT, PATCH and DELETE (in Boot's place and order), except that a body declared as a
 * form but not decodable as one is the caller's 400, not an exception escaping the filter chain as a 500: it is
 * parsed before any controller or exception handler of ours could answer. No trackstream endpoint takes forms.
 */
public class TolerantFormContentFilter extends FormContentFilter implements Ordered {

    /** Boot's order for this filter (OrderedFormContentFilter.DEFAULT_ORDER). */
    public static final int ORDER = -9900;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            super.doFilterInternal(request, response, chain);
        } catch (HttpMessageNotReadableException unreadableForm) {
            if (response.isCommitted()) {
                throw unreadableForm;
            }
            ErrorBodies.write(response, HttpServletResponse.SC_BAD_REQUEST, "malformed_body", "The form body could not be decoded");
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
