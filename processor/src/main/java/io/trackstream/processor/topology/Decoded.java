package io.trackstream.processor.topology;

/**
 * A source record's value after decoding: the value, or the bytes that could not be decoded and why. Decoding
 * inside the topology (instead of failing in the consumer's deserializer) lets an undecodable record go to the
 * rejected topic in the same exactly-once transaction as everything else, and never stops the stream.
 */
public record Decoded<T>(T value, byte[] undecodable, String error) {

    public static <T> Decoded<T> ok(T value) {
        return new Decoded<>(value, null, null);
    }

    public static <T> Decoded<T> failed(byte[] bytes, String error) {
        return new Decoded<>(null, bytes, error);
    }

    public boolean failed() {
        return error != null;
    }
}
