package io.trackstream.carriers.json;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import io.trackstream.avro.RejectionReason;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses a carrier's body (a webhook, or an API answer) into a JSON tree, strictly: a body that is not one
 * well-formed UTF-8 JSON object is refused with where it broke (line, column and the field being read).
 */
public final class JsonPayload {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonPayload() {
    }

    public static JsonField parseObject(byte[] body) {
        if (body.length == 0) {
            throw new InvalidPayloadException(RejectionReason.MALFORMED_PAYLOAD, "body", "The request body is empty; send a JSON object");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw malformed(e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidPayloadException(RejectionReason.MALFORMED_PAYLOAD, "body", "The request body must be a JSON object");
        }
        return JsonField.root(root);
    }

    /** The body as JSON if it is a JSON object, else empty: for error answers, which are read on a best-effort basis. */
    public static Optional<JsonField> tryParseObject(byte[] body) {
        if (body == null || body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode root = MAPPER.readTree(body);
            return root != null && root.isObject() ? Optional.of(JsonField.root(root)) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static InvalidPayloadException malformed(JacksonException e) {
        String field = e.processor() instanceof JsonParser parser ? pathOf(parser.streamReadContext()) : null;
        TokenStreamLocation where = e.getLocation();
        String position = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
        String reason = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage().lines().findFirst().orElse("unreadable");
        return new InvalidPayloadException(RejectionReason.MALFORMED_PAYLOAD, field == null || field.isEmpty() ? "body" : field,
                "The request body is not valid JSON" + position + (field == null || field.isEmpty() ? "" : " (in '" + field + "')")
                        + ": " + reason);
    }

    /** The dotted path of the value being read when parsing failed, {@code data.tracking_history[1].status}. */
    static String pathOf(TokenStreamContext context) {
        Deque<String> segments = new ArrayDeque<>();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                segments.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.inObject() && c.currentName() != null) {
                segments.push("." + c.currentName());
            }
        }
        String path = String.join("", segments);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
