package io.trackstream.ingest.publish;

/** Kafka did not acknowledge every record of a request in time; nothing about them may be promised to the caller. */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
