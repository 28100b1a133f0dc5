package io.trackstream.processor.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.ParcelStatusChanged;
import io.trackstream.avro.PollTarget;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.processor.mapping.MappingFiles;
import io.trackstream.processor.mapping.StatusMappings;
import io.trackstream.processor.topology.ProcessorSerdes;
import io.trackstream.contract.EventBatches;
import io.trackstream.processor.topology.ParcelClaims;
import io.trackstream.processor.topology.ProcessorTopologyConfig;
import io.trackstream.processor.topology.RecordFailures;
import io.trackstream.processor.topology.TopologyNames;
import io.trackstream.processor.topology.TrackingTopology;
import io.trackstream.serde.MockSchemaRegistry;

/**
 * The topology in a TopologyTestDriver with its own mock:// registry scope, the shipped mapping tables and typed
 * input and output topics. Close it (try-with-resources) to drop the driver, its state directory and the scope.
 */
public final class TopologyHarness implements AutoCloseable {

    public static final StatusMappings MAPPINGS = MappingFiles.load(null);

    public final RecordingMetrics metrics = new RecordingMetrics();
    public final ProcessorTopologyConfig config;
    public final RecordFailures failures;
    public final ProcessorSerdes serdes;
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, RawTrackingEvent> raw;
    public final TestInputTopic<String, byte[]> rawBytes;
    public final TestInputTopic<String, ShipmentRegistration> registrations;
    public final TestOutputTopic<String, Shipment> shipments;
    public final TestOutputTopic<String, ShipmentStatusChanged> statusChanges;
    public final TestOutputTopic<String, ParcelStatusChanged> parcelChanges;
    public final TestOutputTopic<String, OrderAutoCloseRequested> autoClose;
    public final TestOutputTopic<String, PollTarget> pollTargets;
    public final TestOutputTopic<String, RejectedEvent> rejected;
    private final String scope;
    private final Path stateDir;

    public TopologyHarness() {
        this(ProcessorTopologyConfig.defaults());
    }

    public TopologyHarness(ProcessorTopologyConfig config) {
        this(config, MAPPINGS, new RecordFailures(TrackingTopology.DEFAULT_MAX_ATTEMPTS));
    }

    public TopologyHarness(ProcessorTopologyConfig config, StatusMappings mappings, RecordFailures failures) {
        this.config = config;
        this.failures = failures;
        this.scope = "topology-test-" + UUID.randomUUID();
        this.serdes = ProcessorSerdes.avro(Map.of("schema.registry.url", "mock://" + scope));
        try {
            this.stateDir = Files.createTempDirectory("ttd-state");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "trackstream-processor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        this.driver = new TopologyTestDriver(TrackingTopology.build(config, serdes, mappings, metrics, failures), props,
                Instant.parse("2024-07-15T10:06:00Z"));
        var topics = config.topics();
        var keys = Serdes.String();
        raw = driver.createInputTopic(topics.raw(), keys.serializer(), serdes.rawEvents().serializer());
        rawBytes = driver.createInputTopic(topics.raw(), keys.serializer(), Serdes.ByteArray().serializer());
        registrations = driver.createInputTopic(topics.registrations(), keys.serializer(), serdes.registrations().serializer());
        shipments = driver.createOutputTopic(topics.shipments(), keys.deserializer(), serdes.shipments().deserializer());
        statusChanges = driver.createOutputTopic(topics.statusChanges(), keys.deserializer(), serdes.statusChanges().deserializer());
        parcelChanges = driver.createOutputTopic(topics.parcelChanges(), keys.deserializer(), serdes.parcelChanges().deserializer());
        autoClose = driver.createOutputTopic(topics.autoClose(), keys.deserializer(), serdes.autoClose().deserializer());
        pollTargets = driver.createOutputTopic(topics.pollTargets(), keys.deserializer(), serdes.pollTargets().deserializer());
        rejected = driver.createOutputTopic(topics.rejected(), keys.deserializer(), serdes.rejected().deserializer());
    }

    /** One event, then a flush: its parcel's change reaches the shipment on its own. */
    public void send(RawTrackingEvent event) {
        pipe(event);
        flush();
    }

    /** Each event with its own flush, as events trickling in one by one. */
    public void sendAll(List<RawTrackingEvent> events) {
        events.forEach(this::send);
    }

    /** A whole poll's events together, stamped as one batch as the pollers do, then one flush. */
    public void sendPoll(List<RawTrackingEvent> events) {
        EventBatches.stamp(events).forEach(this::pipe);
        flush();
    }

    /** Lets the wall-clock flush of changed parcels run (after the busy flush interval, so under any load). */
    public void flush() {
        driver.advanceWallClockTime(config.busyFlushInterval());
    }

    /** Events in, with no flush: they wait as pending changes until a tick flushes them. */
    public void receive(List<RawTrackingEvent> events) {
        events.forEach(this::pipe);
    }

    /** One flush-interval of wall-clock time: one tick of every task. */
    public void tick() {
        driver.advanceWallClockTime(config.flushInterval());
    }

    public void pipe(RawTrackingEvent event) {
        raw.pipeInput(new TestRecord<>(event.getCarrier() + ":" + event.getTrackingNumber(), event, event.getReceivedTime()));
    }

    public void register(ShipmentRegistration registration) {
        registrations.pipeInput(new TestRecord<>(registration.getShipmentId(), registration, registration.getUpdatedAt()));
    }

    public KeyValueStore<String, Parcel> parcelsStore() {
        return driver.getKeyValueStore(TopologyNames.PARCELS_STORE);
    }


    /** The registrations of the shipments that list a parcel (empty when none does). */
    public List<ShipmentRegistration> claimsOf(String parcelKey) {
        ParcelClaims claims = driver.<String, ParcelClaims>getKeyValueStore(TopologyNames.PARCEL_ASSIGNMENTS_STORE).get(parcelKey);
        return claims == null ? List.of() : claims.shipments();
    }

    public KeyValueStore<String, Shipment> shipmentsStore() {
        return driver.getKeyValueStore(TopologyNames.SHIPMENTS_STORE);
    }

    public KeyValueStore<String, Long> autoCloseStore() {
        return driver.getKeyValueStore(TopologyNames.AUTO_CLOSE_STORE);
    }

    public KeyValueStore<String, String> byOrderStore() {
        return driver.getKeyValueStore(TopologyNames.SHIPMENTS_BY_ORDER_STORE);
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            MockSchemaRegistry.dropScope(scope);
            org.springframework.util.FileSystemUtils.deleteRecursively(stateDir.toFile());
        }
    }
}
