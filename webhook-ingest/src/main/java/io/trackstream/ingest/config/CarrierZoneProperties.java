package io.trackstream.ingest.config;

import java.util.Map;

import io.trackstream.contract.CarrierTimes;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code trackstream.carrier-zones.<carrier>: <zone id>}: the zone a carrier's times without an offset are read in, on
 * top of {@link CarrierTimes#DEFAULT_ZONES} (Europe/Athens for the Greek carriers); the pollers read the same key, so
 * a time means the same instant whichever way it arrives. An unknown zone id stops the app at start.
 */
@ConfigurationProperties("trackstream")
public record CarrierZoneProperties(Map<String, String> carrierZones) {

    public CarrierTimes carrierTimes() {
        return CarrierTimes.withOverrides(carrierZones == null ? Map.of() : carrierZones);
    }
}
