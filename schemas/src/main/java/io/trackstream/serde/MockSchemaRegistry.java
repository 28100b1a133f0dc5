package io.trackstream.serde;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * An in-memory Schema Registry for tests and single-JVM runs, selected with {@code schema.registry.url=mock://scope}
 * as Confluent's serde does: every serde configured with the same scope in one JVM shares one registry. Like the
 * real registry it gives one id per distinct schema and refuses a new version of a subject that cannot read data
 * written with the previous one (BACKWARD compatibility).
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<String, Integer> idsBySchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, List<Schema>> versionsBySubject = new ConcurrentHashMap<>();

    private MockSchemaRegistry() {
    }

    /** The registry of {@code scope}, created on first use. */
    public static MockSchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new MockSchemaRegistry());
    }

    /** Forgets a scope, so the next test using it starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Schema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(schema)) {
            if (!versions.isEmpty()) {
                requireBackwardCompatible(subject, schema, versions.get(versions.size() - 1));
            }
            versions.add(schema);
        }
        return idsBySchema.computeIfAbsent(schema.toString(), s -> {
            int id = nextId.getAndIncrement();
            schemasById.put(id, schema);
            return id;
        });
    }

    @Override
    public Schema getSchemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException.SchemaNotFound("Schema " + id + " not found", 404, 40403);
        }
        return schema;
    }

    /** The versions registered under a subject, oldest first. */
    public synchronized List<Schema> versions(String subject) {
        return List.copyOf(versionsBySubject.getOrDefault(subject, List.of()));
    }

    private static void requireBackwardCompatible(String subject, Schema candidate, Schema latest) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(candidate, latest).getResult();
        if (result.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SchemaRegistryException.IncompatibleSchema(
                    "Schema being registered is incompatible with an earlier schema for subject \"" + subject + "\": "
                            + result.getIncompatibilities(),
                    409, 409);
        }
    }
}
