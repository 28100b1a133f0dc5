package io.trackstream.processor.mapping;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every provider's table, looked up by the {@code provider} field of a raw event. A provider without a table, or a
 * code its table does not know, maps to UNKNOWN with the reason why, so the caller can count and dead-letter it.
 */
public final class StatusMappings {

    private final Map<String, StatusMapping> byProvider;

    public StatusMappings(Map<String, StatusMapping> byProvider) {
        this.byProvider = Map.copyOf(byProvider);
    }

    public MappedStatus map(String provider, String code, String substatus) {
        StatusMapping table = provider == null ? null : byProvider.get(provider.toLowerCase(Locale.ROOT));
        if (table == null) {
            return MappedStatus.unmapped(MappedStatus.Outcome.UNKNOWN_PROVIDER);
        }
        return table.map(code, substatus).orElseGet(() -> MappedStatus.unmapped(MappedStatus.Outcome.UNMAPPED_STATUS));
    }

    public Set<String> providers() {
        return new TreeSet<>(byProvider.keySet());
    }

    public StatusMapping table(String provider) {
        return byProvider.get(provider);
    }
}
