package io.trackstream.web.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler (method or controller) as needing an app token with this scope. Without a valid token the answer
 * is 401; with a token lacking the scope, 403. Handlers read the caller from a {@link Caller} parameter.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiresScope {
    String value();
}
