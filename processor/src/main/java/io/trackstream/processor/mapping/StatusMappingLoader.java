package io.trackstream.processor.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.ReasonCode;

/**
 * Reads a provider's mapping table from YAML (JSON is YAML too):
 * <pre>
 * provider: shiplemon
 * statuses:
 *   TRANSIT: IN_TRANSIT                          # a canonical status, reason NONE
 *   EXCEPTION: {status: EXCEPTION, reason: OTHER}
 * substatuses:
 *   WITH_COURIER: OUT_FOR_DELIVERY
 * </pre>
 * A table that names an unknown canonical status or reason, or lists one code twice (after normalisation), is
 * refused at start-up: a typo in a table must not silently turn events into UNKNOWN.
 */
public final class StatusMappingLoader {

    private StatusMappingLoader() {
    }

    public static StatusMapping load(String source, InputStream in) {
        Object doc;
        try (in) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Mapping " + source + " is not valid YAML/JSON: " + e.getMessage(), e);
        }
        if (!(doc instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("Mapping " + source + " must be an object with provider, statuses and substatuses");
        }
        Object provider = root.get("provider");
        if (!(provider instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException("Mapping " + source + " has no provider name");
        }
        Map<String, MappedStatus> statuses = entries(source, "statuses", root.get("statuses"));
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("Mapping " + source + " has no statuses");
        }
        Map<String, MappedStatus> substatuses = entries(source, "substatuses", root.get("substatuses"));
        return new StatusMapping(name.trim().toLowerCase(Locale.ROOT), statuses, substatuses);
    }

    /** Builds the lookup of several tables, refusing two tables for one provider. */
    public static StatusMappings combine(Iterable<StatusMapping> tables) {
        Map<String, StatusMapping> byProvider = new HashMap<>();
        for (StatusMapping table : tables) {
            if (byProvider.putIfAbsent(table.provider(), table) != null) {
                throw new IllegalArgumentException("Two mapping tables for provider " + table.provider());
            }
        }
        return new StatusMappings(byProvider);
    }

    private static Map<String, MappedStatus> entries(String source, String section, Object node) {
        Map<String, MappedStatus> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("Mapping " + source + ": " + section + " must be an object");
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String code = String.valueOf(entry.getKey());
            MappedStatus mapped = entry(source, section + "." + code, entry.getValue());
            if (out.put(StatusMapping.normalise(code), mapped) != null) {
                throw new IllegalArgumentException("Mapping " + source + ": " + section + " lists " + code + " twice");
            }
        }
        return out;
    }

    private static MappedStatus entry(String source, String path, Object value) {
        if (value instanceof String status) {
            return MappedStatus.of(status(source, path, status), ReasonCode.NONE);
        }
        if (value instanceof Map<?, ?> map && map.get("status") instanceof String status) {
            Object reason = map.get("reason");
            return MappedStatus.of(status(source, path, status),
                    reason == null ? ReasonCode.NONE : reason(source, path, String.valueOf(reason)));
        }
        throw new IllegalArgumentException("Mapping " + source + ": " + path + " must be a status or {status, reason}");
    }

    private static CanonicalStatus status(String source, String path, String name) {
        try {
            return CanonicalStatus.valueOf(name.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Mapping " + source + ": " + path + " names unknown status " + name, e);
        }
    }

    private static ReasonCode reason(String source, String path, String name) {
        try {
            return ReasonCode.valueOf(name.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Mapping " + source + ": " + path + " names unknown reason " + name, e);
        }
    }
}
