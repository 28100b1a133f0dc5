package io.trackstream.ingest.webhook;

/** The answer to an accepted webhook: which parcel, and how many raw events Kafka now holds for it. */
public record WebhookAccepted(String provider, String parcelKey, int events) {
}
