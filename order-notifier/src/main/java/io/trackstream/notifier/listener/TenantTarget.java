package io.trackstream.notifier.listener;

import io.trackstream.notifier.outcome.Target;

/** One tenant's order system: the unit whose outage must not hold up any other. */
public record TenantTarget(String tenant, Target target) {

    @Override
    public String toString() {
        return tenant + "/" + target.tag();
    }
}
