package io.trackstream.serde;

import java.io.OutputStream;
import java.util.Arrays;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A per-thread, reused output buffer and buffered Avro encoder for one record in the Confluent wire format. A
 * {@code ByteArrayOutputStream} behind a direct encoder takes a lock and often grows for every field written; this one
 * grows once to the largest record a thread writes and is copied out once per record.
 */
public final class WireBuffer extends OutputStream {

    private static final ThreadLocal<WireBuffer> PER_THREAD = ThreadLocal.withInitial(WireBuffer::new);
    /** Past this, a thread's buffer is not kept between records (one huge record should not pin its memory). */
    private static final int KEEP_AT_MOST = 1 << 20;

    private byte[] bytes = new byte[4096];
    private int size;
    private BinaryEncoder encoder;
    private boolean inUse;

    /**
     * This thread's buffer, emptied, with the wire-format header for {@code schemaId} written; a new one if this
     * thread's is still in use (a record encoded while encoding another).
     */
    public static WireBuffer start(int schemaId) {
        WireBuffer buffer = PER_THREAD.get();
        if (buffer.inUse) {
            buffer = new WireBuffer();
        }
        buffer.inUse = true;
        buffer.size = 0;
        buffer.ensure(ConfluentWireFormat.HEADER_SIZE);
        ConfluentWireFormat.writeHeader(java.nio.ByteBuffer.wrap(buffer.bytes, 0, ConfluentWireFormat.HEADER_SIZE), schemaId);
        buffer.size = ConfluentWireFormat.HEADER_SIZE;
        return buffer;
    }

    /** The encoder that writes into this buffer; {@link #finish} flushes it. */
    public BinaryEncoder encoder() {
        encoder = EncoderFactory.get().binaryEncoder(this, encoder);
        return encoder;
    }

    /** The bytes written since {@link #start}, as a new array. */
    public byte[] finish() throws java.io.IOException {
        try {
            encoder.flush();
            return Arrays.copyOf(bytes, size);
        } finally {
            release();
        }
    }

    /** Gives the buffer back without a result (the record could not be encoded). */
    public void release() {
        inUse = false;
        if (bytes.length > KEEP_AT_MOST) {
            bytes = new byte[4096];
        }
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
