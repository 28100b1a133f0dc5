package io.trackstream.serde;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API (v1): {@code POST /subjects/{subject}/versions} to register,
 * {@code GET /schemas/ids/{id}} to fetch. Answers are cached both ways, so after warm-up no record costs a round
 * trip. Several base URLs may be given (comma separated); the next one is tried when one cannot be reached.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUrls;
    private final Optional<String> authorization;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

    /**
     * @param baseUrls       registry base URLs, for example {@code http://registry:8081}
     * @param userInfo       {@code user:password} for HTTP basic authentication, or empty
     * @param connectTimeout bound on establishing a connection
     * @param requestTimeout bound on a whole request
     */
    public RestSchemaRegistryClient(List<URI> baseUrls, Optional<String> userInfo, Duration connectTimeout,
            Duration requestTimeout) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("At least one Schema Registry URL is required");
        }
        this.baseUrls = List.copyOf(baseUrls);
        this.authorization = userInfo.map(u -> "Basic " + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    @Override
    public int register(String subject, Schema schema) {
        String cacheKey = subject + '\u0000' + schema;
        Integer cached = idsBySubjectAndSchema.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        String body;
        try {
            body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode schema of " + schema.getFullName(), e);
        }
        String path = "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20") + "/versions";
        JsonNode answer = send(path, HttpRequest.BodyPublishers.ofString(body), "register schema under subject " + subject);
        int id = answer.path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException("Schema Registry answered without an id when registering under subject " + subject, 200, -1, null);
        }
        idsBySubjectAndSchema.put(cacheKey, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema getSchemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("/schemas/ids/" + id, null, "fetch schema id " + id);
        String text = answer.path("schema").asText(null);
        if (text == null) {
            throw new SchemaRegistryException("Schema Registry answered without a schema for id " + id, 200, -1, null);
        }
        Schema schema = new Schema.Parser().parse(text);
        schemasById.putIfAbsent(id, schema);
        return schemasById.get(id);
    }

    private JsonNode send(String path, HttpRequest.BodyPublisher body, String what) {
        Exception lastFailure = null;
        for (URI base : baseUrls) {
            HttpRequest request = request(base, path, body);
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastFailure = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException.Unavailable("Interrupted while trying to " + what, -1, e);
            }
            return interpret(response, what);
        }
        throw new SchemaRegistryException.Unavailable(
                "Schema Registry at " + baseUrls + " is unreachable; could not " + what + ": " + lastFailure, -1, lastFailure);
    }

    private HttpRequest request(URI base, String path, HttpRequest.BodyPublisher body) {
        String root = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1) : base.toString();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(root + path))
                .timeout(requestTimeout)
                .header("Accept", ACCEPT);
        authorization.ifPresent(a -> builder.header("Authorization", a));
        if (body == null) {
            builder.GET();
        } else {
            builder.header("Content-Type", CONTENT_TYPE).POST(body);
        }
        return builder.build();
    }

    private static JsonNode interpret(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        if (status >= 200 && status < 300) {
            return json;
        }
        int errorCode = json.path("error_code").asInt(-1);
        String message = "Schema Registry refused to " + what + ": HTTP " + status
                + (errorCode >= 0 ? " error_code " + errorCode : "")
                + json.path("message").asText("").transform(m -> m.isEmpty() ? "" : " (" + m + ")");
        if (status == 409) {
            throw new SchemaRegistryException.IncompatibleSchema(message, status, errorCode);
        }
        if (status == 404) {
            throw new SchemaRegistryException.SchemaNotFound(message, status, errorCode);
        }
        if (status >= 500) {
            throw new SchemaRegistryException.Unavailable(message, status, null);
        }
        throw new SchemaRegistryException(message, status, errorCode, null);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
