package io.trackstream.processor.topology;

import static io.trackstream.processor.topology.TopologyNames.*;

import java.util.Properties;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import io.trackstream.processor.topology.tuning.FlushPolicy;
import io.trackstream.processor.topology.tuning.RecentValues;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.processor.mapping.StatusMappings;
import io.trackstream.processor.state.ParcelAggregator;

/**
 * The processor's Kafka Streams topology, as a plain function of its configuration:
 * <pre>
 * tracking.raw.v1 ──decode──────────────────────────────┐
 *                                                       ├─▶ parcel-state (dedupe, map, history) ──▶ poll targets, rejected
 * shipments.registrations.v1 ──decode──fan out by parcel┘        │ parcel updates, re-keyed by shipment id
 *                              (repartition parcel-assignments)  ▼ (repartition parcel-updates-by-shipment)
 *                                                         shipment-state ──▶ shipments.v1, status changes, parcel changes,
 *                                                                            auto-close
 * </pre>
 * Raw events are never repartitioned (they are keyed by parcel already); only registrations, and parcel changes
 * that are not duplicates, cross the network on internal topics.
 */
public final class TrackingTopology {

    private TrackingTopology() {
    }

    public static Topology build(ProcessorTopologyConfig config, ProcessorSerdes serdes, StatusMappings mappings,
                                 TrackingMetrics metrics) {
        return build(config, serdes, mappings, metrics, new RecordFailures(DEFAULT_MAX_ATTEMPTS));
    }

    /** How often a record may fail its task before it is dead-lettered instead of tried again. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    /**
     * @param failures where the processing-exception handler counts the records that failed their task; shared with
     *                 the processors, which dead-letter a record once it has failed too often
     */
    public static Topology build(ProcessorTopologyConfig config, ProcessorSerdes serdes, StatusMappings mappings,
                                 TrackingMetrics trackingMetrics, RecordFailures failures) {
        TrackingMetrics metrics = NeverFailingMetrics.wrap(trackingMetrics);
        StreamsBuilder builder = new StreamsBuilder(namingEnforced());
        addStores(builder, config, serdes);
        ProcessorTopologyConfig.Topics topics = config.topics();

        KStream<String, ParcelInput> events = rawEvents(builder, topics, serdes, metrics);
        KStream<String, ParcelInput> assignments = assignments(builder, config, serdes, metrics);

        ParcelAggregator aggregator = new ParcelAggregator(config.maxHistoryEntries());
        FlushPolicy flushPolicy = new FlushPolicy(config.eagerCommitBelow(), config.flushInterval().toMillis(),
                config.busyFlushInterval().toMillis());
        KStream<String, ParcelOutput> parcelOutputs = events
                .merge(assignments, Named.as(PARCEL_INPUTS))
                .process(() -> new ParcelProcessor(mappings, aggregator, config, flushPolicy, metrics, failures,
                                serdes.rawEvents().serializer()),
                        Named.as(PARCEL_STATE), PARCELS_STORE, PARCEL_ASSIGNMENTS_STORE, PARCEL_CHANGES_PENDING_STORE);

        KStream<String, ParcelUpdate> parcelUpdates = parcelOutputs.split(Named.as(PARCEL_OUTPUTS))
                .branch((key, out) -> out instanceof ParcelOutput.PollTargetChange, Branched.withConsumer(targets -> targets
                        .mapValues(out -> ((ParcelOutput.PollTargetChange) out).target(), Named.as(POLL_TARGET_VALUE))
                        .to(topics.pollTargets(), Produced.with(serdes.keys(), serdes.pollTargets()).withName(POLL_TARGETS_SINK)),
                        "-poll-targets"))
                .branch((key, out) -> out instanceof Rejection, Branched.withConsumer(rejected -> rejected
                        .mapValues(out -> ((Rejection) out).event(), Named.as(PARCEL_REJECTED_VALUE))
                        .to(topics.rejected(), Produced.with(serdes.keys(), serdes.rejected()).withName(PARCEL_REJECTED_SINK)),
                        "-rejected"))
                .defaultBranch(Branched.as("-updates"))
                .get(PARCEL_OUTPUT_UPDATES)
                .mapValues(out -> (ParcelUpdate) out, Named.as(PARCEL_UPDATE_VALUE));

        parcelUpdates
                .repartition(Repartitioned.<String, ParcelUpdate>as(PARCEL_UPDATES_REPARTITION)
                        .withKeySerde(serdes.keys())
                        .withValueSerde(serdes.parcelUpdates())
                        .withNumberOfPartitions(config.shipmentPartitions()))
                .process(() -> new ShipmentProcessor(config, flushPolicy, metrics, failures), Named.as(SHIPMENT_STATE),
                        SHIPMENTS_STORE, SHIPMENT_REGISTRATIONS_STORE, SHIPMENTS_BY_ORDER_STORE, AUTO_CLOSE_STORE,
                        SHIPMENT_STATUS_COUNTS_STORE, SHIPMENT_ASSEMBLY_STORE)
                .split(Named.as(SHIPMENT_OUTPUTS))
                .branch((key, out) -> out instanceof ShipmentOutput.Changed, Branched.withConsumer(changed -> changed
                        .mapValues(out -> ((ShipmentOutput.Changed) out).shipment(), Named.as(SHIPMENT_VALUE))
                        .to(topics.shipments(), Produced.with(serdes.keys(), serdes.shipments()).withName(SHIPMENTS_SINK)),
                        "-shipments"))
                .branch((key, out) -> out instanceof ShipmentOutput.StatusChanged, Branched.withConsumer(changes -> changes
                        .mapValues(out -> ((ShipmentOutput.StatusChanged) out).change(), Named.as(STATUS_CHANGE_VALUE))
                        .to(topics.statusChanges(), Produced.with(serdes.keys(), serdes.statusChanges()).withName(STATUS_CHANGES_SINK)),
                        "-status-changes"))
                .branch((key, out) -> out instanceof ShipmentOutput.ParcelsChanged, Branched.withConsumer(changes -> changes
                        .mapValues(out -> ((ShipmentOutput.ParcelsChanged) out).change(), Named.as(PARCEL_CHANGE_VALUE))
                        .to(topics.parcelChanges(), Produced.with(serdes.keys(), serdes.parcelChanges()).withName(PARCEL_CHANGES_SINK)),
                        "-parcel-changes"))
                .branch((key, out) -> out instanceof ShipmentOutput.AutoClose, Branched.withConsumer(requests -> requests
                        .mapValues(out -> ((ShipmentOutput.AutoClose) out).request(), Named.as(AUTO_CLOSE_VALUE))
                        .to(topics.autoClose(), Produced.with(serdes.keys(), serdes.autoClose()).withName(AUTO_CLOSE_SINK)),
                        "-auto-close"))
                .branch((key, out) -> out instanceof ShipmentOutput.Rejected, Branched.withConsumer(rejected -> rejected
                        .mapValues(out -> ((ShipmentOutput.Rejected) out).event(), Named.as(SHIPMENT_REJECTED_VALUE))
                        .to(topics.rejected(), Produced.with(serdes.keys(), serdes.rejected()).withName(SHIPMENT_REJECTED_SINK)),
                        "-rejected"))
                .noDefaultBranch();
        return builder.build();
    }

    private static KStream<String, ParcelInput> rawEvents(StreamsBuilder builder, ProcessorTopologyConfig.Topics topics,
                                                          ProcessorSerdes serdes, TrackingMetrics metrics) {
        var decoded = builder.stream(topics.raw(), Consumed.with(serdes.keys(), serdes.decodingRawEvents())
                        .withTimestampExtractor(new ReceivedTimeExtractor())
                        .withName(RAW_SOURCE))
                .split(Named.as(RAW_DECODE))
                .branch((key, value) -> value.failed(), Branched.withConsumer(failed -> failed
                        .processValues(() -> new UndecodableToRejected<RawTrackingEvent>(metrics), Named.as(RAW_UNDECODABLE_REJECT))
                        .to(topics.rejected(), Produced.with(serdes.keys(), serdes.rejected()).withName(RAW_UNDECODABLE_SINK)),
                        "-failed"))
                .defaultBranch(Branched.as("-ok"))
                .get(RAW_DECODED);
        return decoded.mapValues(value -> (ParcelInput) new ParcelInput.Event(value.value()), Named.as(RAW_AS_INPUT));
    }

    private static KStream<String, ParcelInput> assignments(StreamsBuilder builder, ProcessorTopologyConfig config,
                                                            ProcessorSerdes serdes, TrackingMetrics metrics) {
        ProcessorTopologyConfig.Topics topics = config.topics();
        var decoded = builder.stream(topics.registrations(), Consumed.with(serdes.keys(), serdes.decodingRegistrations())
                        .withName(REGISTRATIONS_SOURCE))
                .split(Named.as(REGISTRATIONS_DECODE))
                .branch((key, value) -> value.failed(), Branched.withConsumer(failed -> failed
                        .processValues(() -> new UndecodableToRejected<ShipmentRegistration>(metrics), Named.as(REGISTRATIONS_UNDECODABLE_REJECT))
                        .to(topics.rejected(), Produced.with(serdes.keys(), serdes.rejected()).withName(REGISTRATIONS_UNDECODABLE_SINK)),
                        "-failed"))
                .defaultBranch(Branched.as("-ok"))
                .get(REGISTRATIONS_DECODED);
        var fannedOut = decoded
                .mapValues(value -> value == null ? null : value.value(), Named.as(REGISTRATIONS_DECODED_VALUE))
                .process(() -> new RegistrationFanOut(metrics), Named.as(REGISTRATION_FAN_OUT), SHIPMENT_TENANTS_STORE,
                        REGISTRATION_FAN_OUT_STORE)
                .split(Named.as(REGISTRATION_FAN_OUT_SPLIT))
                .branch((key, out) -> out instanceof Rejection, Branched.withConsumer(invalid -> invalid
                        .mapValues(out -> ((Rejection) out).event(), Named.as(REGISTRATION_INVALID_VALUE))
                        .to(topics.rejected(), Produced.<String, RejectedEvent>with(serdes.keys(), serdes.rejected())
                                .withName(REGISTRATION_INVALID_SINK)),
                        "-invalid"))
                .defaultBranch(Branched.as("-assignments"))
                .get(REGISTRATION_ASSIGNMENTS);
        return fannedOut
                .mapValues(out -> ((RegistrationOutput.ForParcel) out).registration(), Named.as(ASSIGNMENT_VALUE))
                .repartition(Repartitioned.<String, ShipmentRegistration>as(PARCEL_ASSIGNMENTS_REPARTITION)
                        .withKeySerde(serdes.keys())
                        .withValueSerde(serdes.registrations())
                        .withNumberOfPartitions(config.parcelPartitions()))
                .mapValues(registration -> (ParcelInput) new ParcelInput.Assignment(registration), Named.as(ASSIGNMENT_AS_INPUT));
    }

    /**
     * Kafka Streams' record cache (a sorted map of byte arrays per thread) pays where a key is written several times
     * between commits: the parcels (a poll's new events), the pending marks (written and deleted within a flush
     * interval) and the status counts (a few keys, written on every status change). Every other store is written about once per key and commit, so a cache would coalesce nothing and
     * only add its map work to every write and commit: they write through. Decoded values are kept in front of
     * the stores the processors read most ({@link RecentValues}).
     */
    private static void addStores(StreamsBuilder builder, ProcessorTopologyConfig config, ProcessorSerdes serdes) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PARCELS_STORE),
                serdes.keys(), serdes.parcels()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PARCEL_CHANGES_PENDING_STORE),
                serdes.keys(), serdes.keys()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SHIPMENT_STATUS_COUNTS_STORE),
                serdes.keys(), serdes.longs()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PARCEL_ASSIGNMENTS_STORE),
                serdes.keys(), serdes.parcelClaims()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SHIPMENTS_STORE),
                serdes.keys(), serdes.shipments()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SHIPMENT_REGISTRATIONS_STORE),
                serdes.keys(), serdes.registrations()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SHIPMENTS_BY_ORDER_STORE),
                serdes.keys(), serdes.keys()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AUTO_CLOSE_STORE),
                serdes.keys(), serdes.longs()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SHIPMENT_TENANTS_STORE),
                serdes.keys(), serdes.keys()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REGISTRATION_FAN_OUT_STORE),
                serdes.keys(), serdes.registrations()).withCachingDisabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SHIPMENT_ASSEMBLY_STORE),
                serdes.keys(), serdes.assemblies()).withCachingDisabled());
    }

    /**
     * Topology-level settings that belong to the topology itself, not to a deployment: every internal topic and
     * store must carry an explicit name, so an accidental rename cannot silently orphan state.
     */
    private static TopologyConfig namingEnforced() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "trackstream-processor-topology");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        return new TopologyConfig(new StreamsConfig(props));
    }
}
