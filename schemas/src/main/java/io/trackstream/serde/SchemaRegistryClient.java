package io.trackstream.serde;

import org.apache.avro.Schema;

/**
 * The two Schema Registry operations the Confluent wire format needs: a writer registers its schema under a
 * subject and puts the returned id in front of every record; a reader fetches the writer's schema by that id.
 * Implementations cache both ways, so a steady stream of records costs no registry round trip.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema registered with {@code id}. */
    Schema getSchemaById(int id);
}
