package io.trackstream.processor.mapping;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One provider's table from its own status vocabulary to the canonical one. A finer substatus (Shiplemon
 * {@code status_exact}, AfterShip-style {@code tracking_substatus}) wins over the status code when the table knows
 * it; otherwise the status code decides. Codes match case-insensitively and ignoring {@code _ - .} and blanks, so
 * {@code in_transit}, {@code InTransit} and {@code IN-TRANSIT} are the same code.
 */
public record StatusMapping(String provider, Map<String, MappedStatus> statuses, Map<String, MappedStatus> substatuses) {

    public StatusMapping {
        Objects.requireNonNull(provider, "provider");
        statuses = Map.copyOf(statuses);
        substatuses = Map.copyOf(substatuses);
    }

    /** The canonical meaning of {@code code} (and {@code substatus}, may be null), if this table knows either. */
    public Optional<MappedStatus> map(String code, String substatus) {
        if (substatus != null) {
            MappedStatus bySubstatus = substatuses.get(normalise(substatus));
            if (bySubstatus != null) {
                return Optional.of(bySubstatus);
            }
        }
        return code == null ? Optional.empty() : Optional.ofNullable(statuses.get(normalise(code)));
    }

    /** The form codes are compared in. */
    public static String normalise(String code) {
        StringBuilder out = new StringBuilder(code.length());
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c != '_' && c != '-' && c != '.' && !Character.isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
