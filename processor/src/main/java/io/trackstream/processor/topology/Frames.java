package io.trackstream.processor.topology;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** The length-prefixed framing of the topology's own composite values (big-endian; length -1: absent). */
final class Frames {

    private Frames() {
    }

    static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    static void writeLong(ByteArrayOutputStream out, long value) {
        writeInt(out, (int) (value >>> 32));
        writeInt(out, (int) value);
    }

    /** The bytes with their length in front; null as length -1. */
    static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        writeInt(out, bytes == null ? -1 : bytes.length);
        if (bytes != null) {
            out.writeBytes(bytes);
        }
    }

    /** What {@link #writeBytes} wrote: null for length -1. */
    static byte[] readBytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}
