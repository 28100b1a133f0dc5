package io.trackstream.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * {@code GET /actuator/health/<path>} for a path that names no health group or component is the caller's typo, a
 * 404; Spring Boot answers some of them with a 500 instead (an empty segment or an encoded '/' in one: "'contributor'
 * must not be null", "'value' must contain only one segment"). This lets through only paths that name a group, or a
 * contributor and, within a composite, its children; anything else is a 404 in the usual error envelope.
 */
public class HealthPathFilter extends OncePerRequestFilter {

    private final String healthPath;
    private final ObjectProvider<HealthContributorRegistry> registry;
    private final ObjectProvider<HealthEndpointGroups> groups;

    /** @param actuatorBasePath management.endpoints.web.base-path, "/actuator" by default */
    public HealthPathFilter(String actuatorBasePath, ObjectProvider<HealthContributorRegistry> registry,
            ObjectProvider<HealthEndpointGroups> groups) {
        this.healthPath = (actuatorBasePath.endsWith("/") ? actuatorBasePath : actuatorBasePath + "/") + "health/";
        this.registry = registry;
        this.groups = groups;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !pathWithinApplication(request).startsWith(healthPath);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HealthContributorRegistry contributors = registry.getIfAvailable();
        HealthEndpointGroups endpointGroups = groups.getIfAvailable();
        String rest = pathWithinApplication(request).substring(healthPath.length());
        if (contributors == null || endpointGroups == null || rest.isEmpty() || names(rest, contributors, endpointGroups)) {
            chain.doFilter(request, response);
            return;
        }
        ErrorBodies.write(response, HttpServletResponse.SC_NOT_FOUND, "not_found", "No health group or component by that name");
    }

    static boolean names(String rawPath, HealthContributorRegistry contributors, HealthEndpointGroups endpointGroups) {
        String[] segments = rawPath.split("/", -1);
        HealthEndpointGroup group = null;
        HealthContributor current = null;
        for (int i = 0; i < segments.length; i++) {
            String name;
            try {
                name = UriUtils.decode(segments[i], StandardCharsets.UTF_8);
            } catch (IllegalArgumentException undecodable) {
                return false;
            }
            if (name.isEmpty() || name.indexOf('/') >= 0) {
                return false;
            }
            if (i == 0 && endpointGroups.get(name) != null) {
                group = endpointGroups.get(name);
                continue;
            }
            if (current == null) {
                if (group != null && !group.isMember(name)) {
                    return false;
                }
                current = contributors.getContributor(name);
            } else if (current instanceof CompositeHealthContributor composite) {
                current = composite.getContributor(name);
            } else {
                return false;
            }
            if (current == null) {
                return false;
            }
        }
        return true;
    }

    private static String pathWithinApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
