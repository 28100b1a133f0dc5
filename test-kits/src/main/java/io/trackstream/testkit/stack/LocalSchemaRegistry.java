package io.trackstream.testkit.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaParseException;

/**
 * A Schema Registry for the local stack, speaking the part of the Confluent Schema Registry REST API that the
 * Confluent wire format and its consumers need: register under a subject (BACKWARD compatibility checked against the
 * latest version, 409 otherwise), fetch by id (404 with error code 40403), list subjects and versions, a subject's
 * version or latest ({@code /subjects/{s}/versions/latest}, 40401/40402), and the subject-versions of an id. The apps run as separate
 * processes, so they need one registry they all agree with; this one keeps its schemas in a file in the data folder,
 * so ids stay valid for the records already in the broker after a restart. In production, use Confluent's.
 */
public final class LocalSchemaRegistry implements AutoCloseable {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path store;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Schema> schemasById = new ArrayList<>();
    private final Map<String, List<Integer>> versionsBySubject = new LinkedHashMap<>();

    public LocalSchemaRegistry(Path dataDir, int port) {
        this.store = dataDir.resolve("schemas.jsonl");
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(store)) {
                for (String line : Files.readAllLines(store, StandardCharsets.UTF_8)) {
                    JsonNode entry = JSON.readTree(line);
                    remember(entry.path("subject").asText(), new Schema.Parser().parse(entry.path("schema").asText()));
                }
            }
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the local Schema Registry on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        // its threads are not daemons: left running they would keep the JVM alive
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String[] path = exchange.getRequestURI().getRawPath().split("/");
            String method = exchange.getRequestMethod();
            if (path.length == 4 && path[1].equals("subjects") && path[3].equals("versions") && method.equals("POST")) {
                register(exchange, URLDecoder.decode(path[2], StandardCharsets.UTF_8));
            } else if (path.length == 4 && path[1].equals("schemas") && path[2].equals("ids") && method.equals("GET")) {
                byId(exchange, path[3]);
            } else if (path.length == 2 && path[1].equals("subjects") && method.equals("GET")) {
                synchronized (this) {
                    send(exchange, 200, List.copyOf(versionsBySubject.keySet()));
                }
            } else if (path.length == 4 && path[1].equals("subjects") && path[3].equals("versions") && method.equals("GET")) {
                versions(exchange, URLDecoder.decode(path[2], StandardCharsets.UTF_8));
            } else if (path.length == 5 && path[1].equals("subjects") && path[3].equals("versions") && method.equals("GET")) {
                version(exchange, URLDecoder.decode(path[2], StandardCharsets.UTF_8), path[4]);
            } else if (path.length == 5 && path[1].equals("schemas") && path[2].equals("ids") && path[4].equals("versions")
                    && method.equals("GET")) {
                subjectVersionsOf(exchange, path[3]);
            } else {
                send(exchange, 404, error(404, "HTTP 404 Not Found"));
            }
        } catch (RuntimeException e) {
            send(exchange, 500, error(50001, "Error in the backend data store: " + e.getMessage()));
        }
    }

    private void register(HttpExchange exchange, String subject) throws IOException {
        Schema schema;
        try (InputStream in = exchange.getRequestBody()) {
            schema = new Schema.Parser().parse(JSON.readTree(in).path("schema").asText());
        } catch (SchemaParseException | IOException e) {
            send(exchange, 422, error(42201, "Invalid schema: " + e.getMessage()));
            return;
        }
        int id;
        synchronized (this) {
            List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
            int existing = schemasById.indexOf(schema);
            if (existing >= 0 && versions.contains(existing + 1)) {
                id = existing + 1;
            } else {
                if (!versions.isEmpty()) {
                    Schema latest = schemasById.get(versions.get(versions.size() - 1) - 1);
                    var result = SchemaCompatibility.checkReaderWriterCompatibility(schema, latest).getResult();
                    if (result.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                        send(exchange, 409, error(409, "Schema being registered is incompatible with an earlier schema for subject \""
                                + subject + "\", details: " + result.getIncompatibilities()));
                        return;
                    }
                }
                id = remember(subject, schema);
                Files.writeString(store, JSON.writeValueAsString(Map.of("subject", subject, "schema", schema.toString())) + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
        send(exchange, 200, Map.of("id", id));
    }

    private void byId(HttpExchange exchange, String idText) throws IOException {
        int id;
        try {
            id = Integer.parseInt(idText);
        } catch (NumberFormatException e) {
            send(exchange, 404, error(40403, "Schema " + idText + " not found"));
            return;
        }
        Schema schema;
        synchronized (this) {
            schema = id >= 1 && id <= schemasById.size() ? schemasById.get(id - 1) : null;
        }
        if (schema == null) {
            send(exchange, 404, error(40403, "Schema " + id + " not found"));
        } else {
            send(exchange, 200, Map.of("schema", schema.toString()));
        }
    }

    private synchronized void versions(HttpExchange exchange, String subject) throws IOException {
        List<Integer> ids = versionsBySubject.get(subject);
        if (ids == null) {
            send(exchange, 404, error(40401, "Subject '" + subject + "' not found."));
            return;
        }
        List<Integer> versions = new ArrayList<>();
        for (int i = 1; i <= ids.size(); i++) {
            versions.add(i);
        }
        send(exchange, 200, versions);
    }

    /** {@code GET /subjects/{subject}/versions/{version|latest}}: the version's id and schema. */
    private synchronized void version(HttpExchange exchange, String subject, String versionText) throws IOException {
        List<Integer> ids = versionsBySubject.get(subject);
        if (ids == null) {
            send(exchange, 404, error(40401, "Subject '" + subject + "' not found."));
            return;
        }
        int version;
        try {
            version = versionText.equals("latest") ? ids.size() : Integer.parseInt(versionText);
        } catch (NumberFormatException e) {
            send(exchange, 422, error(42202, "The specified version '" + versionText + "' is not a valid version id."));
            return;
        }
        if (version < 1 || version > ids.size()) {
            send(exchange, 404, error(40402, "Version " + versionText + " not found."));
            return;
        }
        int id = ids.get(version - 1);
        send(exchange, 200, Map.of("subject", subject, "version", version, "id", id, "schema", schemasById.get(id - 1).toString()));
    }

    /** {@code GET /schemas/ids/{id}/versions}: every subject and version registered with that id. */
    private synchronized void subjectVersionsOf(HttpExchange exchange, String idText) throws IOException {
        int id;
        try {
            id = Integer.parseInt(idText);
        } catch (NumberFormatException e) {
            id = -1;
        }
        if (id < 1 || id > schemasById.size()) {
            send(exchange, 404, error(40403, "Schema " + idText + " not found"));
            return;
        }
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> subject : versionsBySubject.entrySet()) {
            List<Integer> ids = subject.getValue();
            for (int v = 0; v < ids.size(); v++) {
                if (ids.get(v) == id) {
                    found.add(Map.of("subject", subject.getKey(), "version", v + 1));
                }
            }
        }
        send(exchange, 200, found);
    }

    /** Records a schema under a subject and returns its id; the same schema keeps one id across subjects. */
    private synchronized int remember(String subject, Schema schema) {
        int index = schemasById.indexOf(schema);
        if (index < 0) {
            schemasById.add(schema);
            index = schemasById.size() - 1;
        }
        int id = index + 1;
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(id)) {
            versions.add(id);
        }
        return id;
    }

    private static Map<String, Object> error(int code, String message) {
        return Map.of("error_code", code, "message", message);
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
