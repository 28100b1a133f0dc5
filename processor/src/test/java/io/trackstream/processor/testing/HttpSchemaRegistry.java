package io.trackstream.processor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.trackstream.serde.MockSchemaRegistry;

/**
 * The two Schema Registry REST calls the serde makes (register under a subject, fetch by id), served over HTTP from
 * a {@link MockSchemaRegistry} scope, so a processor running as its own process and the test agree on schema ids.
 */
public final class HttpSchemaRegistry implements AutoCloseable {

    private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern FETCH = Pattern.compile("/schemas/ids/(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String scope = "http-registry-" + UUID.randomUUID();
    private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
    private final HttpServer server;

    public HttpSchemaRegistry() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** Whether a subject has been registered (for "every public topic has its subject"). */
    public boolean hasSubject(String subject) {
        return !registry.versions(subject).isEmpty();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        try {
            Matcher register = REGISTER.matcher(path);
            Matcher fetch = FETCH.matcher(path);
            if ("POST".equals(exchange.getRequestMethod()) && register.matches()) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                String subject = java.net.URLDecoder.decode(register.group(1), StandardCharsets.UTF_8);
                int id = registry.register(subject, new Schema.Parser().parse(body.path("schema").asText()));
                reply(exchange, 200, JSON.createObjectNode().put("id", id).toString());
            } else if ("GET".equals(exchange.getRequestMethod()) && fetch.matches()) {
                Schema schema = registry.getSchemaById(Integer.parseInt(fetch.group(1)));
                reply(exchange, 200, JSON.createObjectNode().put("schema", schema.toString()).toString());
            } else {
                reply(exchange, 404, "{\"error_code\":404,\"message\":\"not found\"}");
            }
        } catch (RuntimeException e) {
            reply(exchange, 500, JSON.createObjectNode().put("error_code", 500).put("message", e.toString()).toString());
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        MockSchemaRegistry.dropScope(scope);
    }
}
