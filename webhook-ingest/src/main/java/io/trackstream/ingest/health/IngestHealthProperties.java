package io.trackstream.ingest.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhook-ingest checks the broker for its readiness, under {@code trackstream.ingest.health.}.
 *
 * @param brokerCheckInterval how often the broker is asked to describe its cluster
 * @param brokerTimeout       how long one check may take before the broker counts as unreachable
 */
@ConfigurationProperties("trackstream.ingest.health")
public record IngestHealthProperties(
        @DefaultValue("PT5S") Duration brokerCheckInterval,
        @DefaultValue("PT3S") Duration brokerTimeout) {
}
