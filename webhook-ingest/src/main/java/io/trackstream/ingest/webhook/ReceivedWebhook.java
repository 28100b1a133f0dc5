package io.trackstream.ingest.webhook;

/**
 * A webhook as received: its Content-Type, the exact bytes of its body (what the signature covers and the raw events
 * keep) and its signature headers, either of which may be missing.
 */
public record ReceivedWebhook(String contentType, byte[] body, String timestamp, String signature) {

    public ReceivedWebhook {
        body = body == null ? new byte[0] : body;
    }
}
