package io.trackstream.pollers.carrier;

/** What a provider's error body says, as far as its format lets us read it; either part may be null. */
public record CarrierError(String message, String type) {

    public static final CarrierError NONE = new CarrierError(null, null);
}
