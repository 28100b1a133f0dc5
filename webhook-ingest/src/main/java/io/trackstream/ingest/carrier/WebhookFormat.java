package io.trackstream.ingest.carrier;

import io.trackstream.ingest.payload.InvalidPayloadException;
import io.trackstream.ingest.payload.JsonField;

/**
 * One provider's webhook format: reads a parsed payload into a {@link ParcelReport}, or throws
 * {@link InvalidPayloadException} naming the offending field. Formats are pure functions of the payload, with no
 * Spring and no I/O, so each is unit-tested on seed-like payloads.
 */
public interface WebhookFormat {

    /** The provider id (docs/conventions.md): shiplemon, courier-sync, carriyo, generic. */
    String provider();

    ParcelReport read(JsonField root);

    /** The field holding the tracking entries, to name in an error about them. */
    String eventsField();
}
