package io.trackstream.processor.api;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How instances forward read requests to each other, under {@code trackstream.processor.forwarding}.
 *
 * @param secret  shared by every instance; signs the forwarded-request marker so no client can forge it. Required
 *                once {@code application-server} is set (several instances); unset for a single instance
 * @param timeout how long a forwarded request may take
 */
@ConfigurationProperties("trackstream.processor.forwarding")
public record ForwardingProperties(@DefaultValue("") String secret, @DefaultValue("5s") Duration timeout) {

    @Override
    public String toString() {
        return "ForwardingProperties[secret=" + (secret == null || secret.isBlank() ? "<unset>" : "******") + ", timeout=" + timeout + "]";
    }
}
