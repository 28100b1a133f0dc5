package io.trackstream.pollers.config;

import java.util.Map;

import io.trackstream.contract.CarrierTimes;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings shared by every trackstream app that this one reads: where the schema registry is ({@code mock://scope} in
 * tests), and {@code carrier-zones.<carrier>: <zone id>}, the zone a carrier's times without an offset are read in (on
 * top of CarrierTimes.DEFAULT_ZONES; webhook-ingest reads the same key, so a time means the same instant whichever way
 * it arrives).
 */
@ConfigurationProperties("trackstream")
public record TrackstreamProperties(String schemaRegistryUrl, Map<String, String> carrierZones) {

    public TrackstreamProperties {
        schemaRegistryUrl = io.trackstream.serde.AvroSerdeConfig.requireRegistryUrl(schemaRegistryUrl);
        carrierZones = carrierZones == null ? Map.of() : Map.copyOf(carrierZones);
    }

    /** How carrier times are read here; an unknown zone id stops the app at start. */
    public CarrierTimes carrierTimes() {
        return CarrierTimes.withOverrides(carrierZones);
    }
}
