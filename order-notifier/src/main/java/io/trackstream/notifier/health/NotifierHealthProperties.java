package io.trackstream.notifier.health;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * When the notifier stops being ready, under {@code trackstream.notifier.health.} (docs/order-notifier.md).
 *
 * @param stallTimeout how long one record may stay unfinished (in a call, or retried) before its partition counts as
 *                     stuck; longer than the whole retry back-off, so that an order system's short outage is not one
 */
@ConfigurationProperties("trackstream.notifier.health")
public record NotifierHealthProperties(@DefaultValue("PT5M") Duration stallTimeout) {
}
