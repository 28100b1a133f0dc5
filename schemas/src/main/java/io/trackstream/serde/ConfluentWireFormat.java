package io.trackstream.serde;

import java.nio.ByteBuffer;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: byte 0 (magic), the schema id as a 4-byte big-endian int, then the Avro binary
 * encoding of the record. Any Confluent-compatible deserializer with access to the registry reads what we write.
 */
public final class ConfluentWireFormat {

    public static final byte MAGIC_BYTE = 0x0;
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {
    }

    /** Writes the 5-byte header into {@code target} at its position. */
    public static void writeHeader(ByteBuffer target, int schemaId) {
        target.put(MAGIC_BYTE).putInt(schemaId);
    }

    /** Reads and checks the header; the buffer is left positioned at the Avro payload. */
    public static int readSchemaId(ByteBuffer source, String topic) {
        if (source.remaining() < HEADER_SIZE) {
            throw new SerializationException("Record on topic " + topic + " has " + source.remaining()
                    + " bytes, fewer than the 5-byte Confluent wire-format header");
        }
        byte magic = source.get();
        if (magic != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Record on topic %s starts with byte 0x%02x, not the Confluent wire-format magic byte 0x00 (was it written as JSON or plain Avro?)",
                    topic, magic));
        }
        return source.getInt();
    }
}
