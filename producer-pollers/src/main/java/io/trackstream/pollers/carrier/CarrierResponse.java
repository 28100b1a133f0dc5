package io.trackstream.pollers.carrier;

import java.time.Instant;

/** A provider's successful answer exactly as received: the body bytes are what goes into the raw payload. */
public record CarrierResponse(int status, byte[] body, String contentType, Instant receivedAt) {
}
