package io.trackstream.pollers.carrier;

import java.time.Instant;

import io.trackstream.contract.CarrierTimes;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Lenient reading of provider JSON: absent, null and empty are all "not said". */
public final class JsonFields {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonFields() {
    }

    /** The document, or INVALID_RESPONSE when it is not JSON. */
    public static JsonNode read(String provider, byte[] body) {
        if (body == null || body.length == 0) {
            throw CarrierCallException.invalidResponse(provider, "empty body");
        }
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw CarrierCallException.invalidResponse(provider, "not JSON: " + e.getOriginalMessage());
        }
    }

    /** The document, or null when it is not JSON (error bodies are read on a best-effort basis). */
    public static JsonNode readQuietly(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    /** The text of a scalar, or null when absent, null or blank. Numbers and booleans are given as text. */
    public static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainer()) {
            return null;
        }
        String value = node.asString();
        return value == null || value.isBlank() ? null : value;
    }

    /** The first of the fields that says something. */
    public static String firstText(JsonNode... nodes) {
        for (JsonNode node : nodes) {
            String value = text(node);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * A carrier's date-time that only adds detail (expected delivery, delivered at): read with {@link CarrierTimes}
     * (no offset = the carrier's zone), null when absent or unreadable, which is "not said" rather than a failed poll.
     */
    public static Instant optionalTime(CarrierTimes times, String carrier, JsonNode node) {
        String value = text(node);
        return value == null ? null : times.parse(value, carrier).orElse(null);
    }
}
