package io.trackstream.web.security;

import java.util.Set;

/** Who is calling: the tenant (store) their token is bound to, and the scopes it grants. Never taken from the request body. */
public record Caller(String tenant, Set<String> scopes) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    public boolean has(String scope) {
        return scopes.contains(scope);
    }
}
