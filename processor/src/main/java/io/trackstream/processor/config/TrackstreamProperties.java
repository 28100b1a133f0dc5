package io.trackstream.processor.config;

import java.time.Duration;
import java.util.Set;

import io.trackstream.topics.TopicNames;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The processor's settings under {@code trackstream.} (docs/processor.md lists them with their defaults). Broker and
 * Kafka Streams client settings stay under {@code spring.kafka.}.
 */
@ConfigurationProperties("trackstream")
public record TrackstreamProperties(
        String schemaRegistryUrl,
        @DefaultValue TopicNames topics,
        @DefaultValue Processor processor) {

    public TrackstreamProperties {
        schemaRegistryUrl = io.trackstream.serde.AvroSerdeConfig.requireRegistryUrl(schemaRegistryUrl);
    }

    /**
     * @param dedupeRetention           no longer used (dedupe lives in each parcel's state); set, it is logged at start
     * @param maxHistoryEntries         the most events kept per parcel
     * @param autoCloseExcludedChannels sales channels never auto-closed
     * @param mappingDirectory          an extra directory of mapping tables (*.yml, *.yaml, *.json), besides the
     *                                  ones in the jar; empty for none
     * @param parcelPartitions          partitions of the internal topic that meets registrations with raw events;
     *                                  0 to use the raw topic's partition count (it must match it)
     * @param shipmentPartitions        partitions of the internal topic that carries parcel changes to shipments;
     *                                  0 to use the registrations topic's partition count
     * @param applicationServer         host:port at which other instances reach this one's read API; empty for a
     *                                  single instance
     * @param startupTimeout            how long start-up waits for the broker to describe the topics
     * @param flushInterval             how often changed parcels are sent on to their shipments under light load: the
     *                                  events of one poll are applied together before the shipment's status is decided
     * @param busyFlushInterval         the same under heavy load (eagerCommitBelow records or more per stream thread
     *                                  and flush interval): fewer, larger flushes for throughput
     * @param eagerCommitBelow          light load, in records per stream thread and flush interval, under which
     *                                  every flush also commits (latency of tens of ms instead of
     *                                  commit.interval.ms); 0 never
     * @param shipmentGaugeInterval     how often the shipments-by-status gauge is recomputed from the local store
     * @param batchWait                 the longest a changed parcel waits for the rest of its batch (one poll's or
     *                                  webhook's events) before it is sent on to its shipments regardless
     * @param registrationWait          the longest a new registration waits for every parcel it lists to answer
     *                                  before the shipment shows it with what is known
     * @param streamsAutoStartup        whether Kafka Streams starts with the app (off for one-off commands)
     * @param rederiveChunk             stored parcels a task checks per tick against changed mapping tables (0: never)
     * @param leaveGroupOnClose         whether a clean stop leaves the consumer group, so that the instance's tasks
     *                                  move (or a restart gets them back) at once instead of after session.timeout.ms;
     *                                  false only with static membership ({@code group.instance.id}), where a bounce
     *                                  should keep the member
     */
    public record Processor(
            Duration dedupeRetention,
            @DefaultValue("100") int maxHistoryEntries,
            @DefaultValue("shopify") Set<String> autoCloseExcludedChannels,
            @DefaultValue("") String mappingDirectory,
            @DefaultValue("0") int parcelPartitions,
            @DefaultValue("0") int shipmentPartitions,
            @DefaultValue("") String applicationServer,
            @DefaultValue("PT30S") Duration startupTimeout,
            @DefaultValue("PT0.02S") Duration flushInterval,
            @DefaultValue("PT0.05S") Duration busyFlushInterval,
            @DefaultValue("40") int eagerCommitBelow,
            @DefaultValue("PT30S") Duration shipmentGaugeInterval,
            @DefaultValue("true") boolean leaveGroupOnClose,
            @DefaultValue("PT5S") Duration batchWait,
            @DefaultValue("PT30S") Duration registrationWait,
            @DefaultValue("100") int rederiveChunk,
            @DefaultValue("true") boolean streamsAutoStartup) {
    }
}
