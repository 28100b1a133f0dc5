package io.trackstream.carriers;

import java.util.HashMap;
import java.util.Map;

import io.trackstream.carriers.json.JsonField;

/**
 * Which payload field each field of a raw event was read from (raw event field name → dotted JSON path), so that a
 * value the contract refuses (RawEventCheck) is reported at the place the sender wrote it.
 */
public record FieldPaths(Map<String, String> byRawField) {

    public static final FieldPaths NONE = new FieldPaths(Map.of());

    public FieldPaths {
        byRawField = Map.copyOf(byRawField);
    }

    /** Pairs of raw event field name and the {@link JsonField} it was read from. */
    public static FieldPaths of(Object... rawFieldAndJsonField) {
        Map<String, String> paths = new HashMap<>();
        for (int i = 0; i + 1 < rawFieldAndJsonField.length; i += 2) {
            JsonField field = (JsonField) rawFieldAndJsonField[i + 1];
            paths.put((String) rawFieldAndJsonField[i], field.path());
        }
        return new FieldPaths(paths);
    }

    /** The payload path of a raw event field; for {@code attributes.x} or {@code location.city}, that of its parent. */
    public String of(String rawField) {
        String path = byRawField.get(rawField);
        int dot = rawField.indexOf('.');
        if (path == null && dot > 0) {
            path = byRawField.get(rawField.substring(0, dot));
        }
        return path;
    }
}
