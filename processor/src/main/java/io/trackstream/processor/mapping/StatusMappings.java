package io.trackstream.processor.mapping;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every provider's table, looked up by the {@code provider} field of a raw event. A provider without a table, or a
 * code its table does not know, maps to UNKNOWN with the reason why, so the caller can count and dead-letter it.
 * <p>
 * A table may also be for one carrier of a provider ({@code provider: generic/acs}): carriers that send trackstream's
 * generic webhook in their own words get their own table, and a code that table does not know falls back to the
 * provider's table (for {@code generic}, the canonical names).
 */
public class StatusMappings {

    private final Map<String, StatusMapping> byProvider;
    private volatile String digest;

    public StatusMappings(Map<String, StatusMapping> byProvider) {
        this.byProvider = Map.copyOf(byProvider);
    }

    /** The carrier's own table ({@code <provider>/<carrier>}) first, if there is one, then the provider's. */
    public MappedStatus map(String provider, String carrier, String code, String substatus) {
        if (provider != null && carrier != null) {
            StatusMapping own = byProvider.get(carrierTable(provider, carrier));
            if (own != null) {
                var mapped = own.map(code, substatus);
                if (mapped.isPresent()) {
                    return mapped.get();
                }
            }
        }
        return map(provider, code, substatus);
    }

    static String carrierTable(String provider, String carrier) {
        return provider.toLowerCase(Locale.ROOT) + "/" + carrier.toLowerCase(Locale.ROOT);
    }

    public MappedStatus map(String provider, String code, String substatus) {
        StatusMapping table = provider == null ? null : byProvider.get(provider.toLowerCase(Locale.ROOT));
        if (table == null) {
            return MappedStatus.unmapped(MappedStatus.Outcome.UNKNOWN_PROVIDER);
        }
        return table.map(code, substatus).orElseGet(() -> MappedStatus.unmapped(MappedStatus.Outcome.UNMAPPED_STATUS));
    }

    /**
     * A digest of the loaded tables (16 hex digits of SHA-256 over every provider's codes and substatuses with their
     * status and reason, sorted): two runs with the same tables have the same digest, whatever the file order.
     */
    public String digest() {
        String known = digest;
        if (known == null) {
            StringBuilder text = new StringBuilder();
            new java.util.TreeMap<>(byProvider).forEach((provider, table) -> {
                text.append("provider ").append(provider).append('\n');
                new java.util.TreeMap<>(table.statuses()).forEach((code, m) -> text.append("status ").append(code).append('=')
                        .append(m.status()).append('/').append(m.reason()).append('\n'));
                new java.util.TreeMap<>(table.substatuses()).forEach((code, m) -> text.append("substatus ").append(code).append('=')
                        .append(m.status()).append('/').append(m.reason()).append('\n'));
            });
            try {
                byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                known = java.util.HexFormat.of().formatHex(hash, 0, 8);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JRE", e);
            }
            digest = known;
        }
        return known;
    }

    /**
     * The tables to map one unit of work with (a record, a tick's chunk): these. A {@link ReloadableMappings} answers
     * the ones running now, which stay the same object however often it is reloaded meanwhile, so a unit of work
     * never mixes two versions (nor maps with one and records the other's digest).
     */
    public StatusMappings current() {
        return this;
    }

    public Set<String> providers() {
        return new TreeSet<>(byProvider.keySet());
    }

    public StatusMapping table(String provider) {
        return byProvider.get(provider);
    }
}
