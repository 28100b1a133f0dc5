package io.trackstream.carriers.json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.trackstream.contract.CarrierTimes;
import tools.jackson.databind.JsonNode;

/**
 * A node of a carrier payload (polled or pushed) together with its path, so every read that fails can say exactly which field was
 * missing or wrong ({@code data.tracking_history[2].status_date}). Values are taken verbatim: strings are not
 * trimmed or re-encoded, because carrier texts must reach Kafka byte for byte.
 */
public record JsonField(JsonNode node, String path) {

    public static JsonField root(JsonNode node) {
        return new JsonField(node, "");
    }

    public JsonField field(String name) {
        JsonNode child = node != null && node.isObject() ? node.get(name) : null;
        return new JsonField(child, path.isEmpty() ? name : path + '.' + name);
    }

    /** True when the field is there and not JSON null. */
    public boolean present() {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    public String requiredText() {
        String value = optionalText();
        if (value == null || value.isBlank()) {
            throw InvalidPayloadException.missing(path);
        }
        return value;
    }

    /** The string, or null when absent or JSON null; any other JSON type is a wrong type. */
    public String optionalText() {
        if (!present()) {
            return null;
        }
        if (!node.isString()) {
            throw InvalidPayloadException.invalid(path, "must be a string, was " + typeName());
        }
        return node.stringValue();
    }

    /**
     * A scalar as text, for values that only add detail (attributes): numbers and booleans are given as text, and
     * absent, null, blank or a container count as not said.
     */
    public String optionalScalarText() {
        if (!present() || node.isContainer()) {
            return null;
        }
        String value = node.asString();
        return value == null || value.isBlank() ? null : value;
    }

    /** The first of the fields that says something ({@link #optionalScalarText()}), or null. */
    public static String firstText(JsonField... fields) {
        for (JsonField field : fields) {
            String value = field.optionalScalarText();
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Like {@link #optionalText()} but an empty string counts as absent (carriers send "" for "none"). */
    public String optionalNonBlankText() {
        String value = optionalText();
        return value == null || value.isBlank() ? null : value;
    }

    /** A carrier's time; one without an offset is the carrier's local time ({@link CarrierTimes}). */
    public Instant requiredTime(CarrierTimes times, String carrier) {
        if (!present()) {
            throw InvalidPayloadException.missing(path);
        }
        return time(requiredText(), times, carrier);
    }

    public Instant optionalTime(CarrierTimes times, String carrier) {
        String value = optionalNonBlankText();
        return value == null ? null : time(value, times, carrier);
    }

    public Boolean optionalBoolean() {
        if (!present()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw InvalidPayloadException.invalid(path, "must be true or false, was " + typeName());
        }
        return node.booleanValue();
    }

    public JsonField requiredObject() {
        if (!present()) {
            throw InvalidPayloadException.missing(path);
        }
        return optionalObject();
    }

    /** This field if it is an object, itself (absent) if absent; any other type is a wrong type. */
    public JsonField optionalObject() {
        if (present() && !node.isObject()) {
            throw InvalidPayloadException.invalid(path, "must be an object, was " + typeName());
        }
        return this;
    }

    public List<JsonField> requiredArray() {
        if (!present()) {
            throw InvalidPayloadException.missing(path);
        }
        return optionalArray();
    }

    public List<JsonField> optionalArray() {
        if (!present()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw InvalidPayloadException.invalid(path, "must be an array, was " + typeName());
        }
        List<JsonField> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            items.add(new JsonField(node.get(i), path + '[' + i + ']'));
        }
        return items;
    }

    /** An object of string values; anything else in it is a wrong type. */
    public Map<String, String> optionalStringMap() {
        if (!optionalObject().present()) {
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : node.propertyNames()) {
            String value = field(name).optionalText();
            if (value != null) {
                values.put(name, value);
            }
        }
        return values;
    }

    private Instant time(String value, CarrierTimes times, String carrier) {
        return times.parse(value, carrier).orElseThrow(() -> InvalidPayloadException.invalid(path,
                "is not an ISO 8601 date-time (2024-07-15T10:02:00.000Z): \"" + abbreviate(value) + "\""));
    }

    private String typeName() {
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
