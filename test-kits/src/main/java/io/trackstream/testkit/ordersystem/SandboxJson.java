package io.trackstream.testkit.ordersystem;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** JSON helpers of the sandbox: parsing request bodies, reading fields, writing answers and errors. */
final class SandboxJson {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private SandboxJson() {
    }

    /** The body as an object, or null when it is not a JSON object. */
    static ObjectNode object(String body) {
        try {
            JsonNode node = MAPPER.readTree(body == null ? "" : body);
            return node instanceof ObjectNode object ? object : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    static String text(JsonNode node, String... path) {
        JsonNode n = at(node, path);
        return n != null && n.isString() && !n.asString().isBlank() ? n.asString() : null;
    }

    static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(p);
        }
        return n == null || n.isNull() ? null : n;
    }

    /** An ISO-8601 date-time ({@code 2026-04-03T18:26:53.30529+02:00} or {@code ...Z}); null when absent. */
    static Instant date(JsonNode node, String field, String... path) {
        JsonNode n = at(node, path);
        if (n == null) {
            return null;
        }
        if (!n.isString()) {
            throw new InvalidField(field, "must be an ISO-8601 date-time");
        }
        try {
            return OffsetDateTime.parse(n.asString()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidField(field, "must be an ISO-8601 date-time, was " + n.asString());
        }
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    static SandboxResponse error(int status, String type, String message) {
        return new SandboxResponse(status, write(Map.of("status", status, "type", type, "message", message)));
    }

    /** A field of a request body that is missing or wrong: a 400 naming the field. */
    static final class InvalidField extends RuntimeException {

        private final String field;

        InvalidField(String field, String message) {
            super(field + " " + message);
            this.field = field;
        }

        SandboxResponse response() {
            return new SandboxResponse(400, write(Map.of("status", 400, "type", "invalid_request",
                    "field", field, "message", getMessage())));
        }
    }
}
