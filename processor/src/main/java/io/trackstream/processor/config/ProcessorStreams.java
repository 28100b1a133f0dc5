package io.trackstream.processor.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.trackstream.topics.TopicNames;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.trackstream.processor.health.ThreadReplacements;
import io.trackstream.processor.mapping.StatusMappings;
import io.trackstream.processor.topology.ProcessorSerdes;
import io.trackstream.processor.topology.ProcessorTopologyConfig;
import io.trackstream.processor.topology.RecordFailures;
import io.trackstream.processor.topology.TrackingMetrics;
import io.trackstream.processor.topology.TrackingTopology;
import io.trackstream.avro.OrderAutoCloseRequested;
import io.trackstream.avro.PollTarget;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ParcelStatusChanged;
import io.trackstream.avro.ShipmentStatusChanged;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SchemaRegistryClient;
import io.trackstream.serde.SchemaRegistryClients;

/**
 * Runs the topology for the life of the app: at start it checks the topics, builds the topology with their
 * partition counts and starts Kafka Streams with exactly-once processing; at stop it closes Streams cleanly and, by
 * default, leaves the consumer group.
 * Kafka Streams' own metrics are bound to Micrometer while it runs.
 */
public class ProcessorStreams implements SmartLifecycle {

    /** The config key under which the handlers find the metrics (Streams instantiates them by class name). */
    public static final String METRICS_CONFIG = "trackstream.processor.metrics";

    private static final Logger log = LoggerFactory.getLogger(ProcessorStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final String LEAVE_GROUP_ON_CLOSE = "internal.leave.group.on.close";

    private final TrackstreamProperties properties;
    private final KafkaProperties kafka;
    private final StatusMappings mappings;
    private final TrackingMetrics metrics;
    private final MeterRegistry registry;
    private final RecordFailures failures = new RecordFailures(TrackingTopology.DEFAULT_MAX_ATTEMPTS);
    private final ThreadReplacements threadReplacements = new ThreadReplacements();
    private volatile KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;

    public ProcessorStreams(TrackstreamProperties properties, KafkaProperties kafka, StatusMappings mappings,
                            TrackingMetrics metrics, MeterRegistry registry) {
        this.properties = properties;
        this.kafka = kafka;
        this.mappings = mappings;
        this.metrics = metrics;
        this.registry = registry;
    }

    @Override
    public synchronized void start() {
        Map<String, Object> config = streamsConfig();
        ProcessorTopologyConfig topologyConfig = topologyConfig();
        Map<String, Object> registryConfig = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, properties.schemaRegistryUrl());
        registerPublicSubjects(registryConfig);
        ProcessorSerdes serdes = ProcessorSerdes.avro(registryConfig);
        Properties props = new Properties();
        props.putAll(config);
        KafkaStreams created = new KafkaStreams(TrackingTopology.build(topologyConfig, serdes, mappings, metrics, failures), props);
        created.setUncaughtExceptionHandler(e -> {
            log.error("A stream thread died; replacing it", e);
            threadReplacements.record();
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        created.setStateListener((now, before) -> log.info("Kafka Streams {} -> {}", before, now));
        streamsMetrics = new KafkaStreamsMetrics(created);
        streamsMetrics.bindTo(registry);
        streams = created;
        log.info("Starting the topology: application.id={}, parcel partitions={}, shipment partitions={}, providers={}, "
                        + "mapping tables digest {}", config.get(StreamsConfig.APPLICATION_ID_CONFIG), topologyConfig.parcelPartitions(),
                topologyConfig.shipmentPartitions(), mappings.providers(), mappings.digest());
        created.start();
    }

    /**
     * Registers the value schema of every public topic the processor writes under {@code <topic>-value}
     * (TopicNameStrategy) before its first record. The processor reuses the bytes it encoded for a store's changelog
     * when it writes shipments.v1, so the serializer alone would register the schema only under the changelog's
     * subject; tools that find a topic's schema by its subject, and the subject's compatibility check, need this one.
     */
    private void registerPublicSubjects(Map<String, Object> registryConfig) {
        TopicNames t = properties.topics();
        SchemaRegistryClient registry = SchemaRegistryClients.fromConfig(registryConfig);
        Map<String, org.apache.avro.Schema> subjects = new java.util.LinkedHashMap<>();
        subjects.put(t.shipments() + "-value", Shipment.getClassSchema());
        subjects.put(t.statusChanges() + "-value", ShipmentStatusChanged.getClassSchema());
        subjects.put(t.parcelChanges() + "-value", ParcelStatusChanged.getClassSchema());
        subjects.put(t.autoClose() + "-value", OrderAutoCloseRequested.getClassSchema());
        subjects.put(t.pollTargets() + "-value", PollTarget.getClassSchema());
        subjects.put(t.rejected() + "-value", RejectedEvent.getClassSchema());
        subjects.forEach((subject, schema) -> {
            try {
                registry.register(subject, schema);
            } catch (RuntimeException e) {
                throw new IllegalStateException("Cannot register " + subject + " with the Schema Registry at "
                        + properties.schemaRegistryUrl() + ": " + e.getMessage(), e);
            }
        });
        log.info("Value schemas registered under {}", subjects.keySet());
    }

    @Override
    public synchronized void stop() {
        KafkaStreams running = streams;
        if (running != null) {
            // Kafka Streams stays in its group on close by default. A dynamic member cannot be taken back by the
            // next start (it joins with a new member id), so staying only makes the group wait for the old one's
            // session timeout (45 s by default) before anyone gets its tasks: a restart would stand still that long.
            // (See streamsConfig() for what makes the leave happen on Kafka 4.1.)
            boolean leave = properties.processor().leaveGroupOnClose();
            log.info("Stopping Kafka Streams ({} the consumer group)", leave ? "leaving" : "staying in");
            running.close(new KafkaStreams.CloseOptions().timeout(CLOSE_TIMEOUT).leaveGroup(leave));
            streamsMetrics.close();
            streams = null;
        }
    }

    /** Off for the one-off commands ({@code --redrive-unmapped}), which start the app without processing. */
    @Override
    public boolean isAutoStartup() {
        return properties.processor().streamsAutoStartup();
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** The stream threads replaced since start (readiness and a metric). */
    public ThreadReplacements threadReplacements() {
        return threadReplacements;
    }

    /** The running Kafka Streams, for interactive queries; null before start and after stop. */
    public KafkaStreams streams() {
        return streams;
    }

    Map<String, Object> streamsConfig() {
        Map<String, Object> config = new HashMap<>(kafka.buildStreamsProperties());
        config.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, "trackstream-processor");
        // Not a tuning knob: without it a crash could repeat status changes and auto-close requests.
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, RecordingDeserializationExceptionHandler.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, RetryThenDeadLetter.class);
        config.put(RetryThenDeadLetter.FAILURES_CONFIG, failures);
        config.put(METRICS_CONFIG, metrics);
        // Wall-clock punctuations (the flush tick) cannot run while a stream thread blocks in poll, which it does for
        // up to poll.ms (100 ms by default) when no record is coming: without this, an idle thread would flush a
        // lone change up to 100 ms late, and take that late tick for load.
        config.putIfAbsent(StreamsConfig.POLL_MS_CONFIG, Math.min(100, properties.processor().flushInterval().toMillis()));
        if (properties.processor().leaveGroupOnClose()) {
            // Kafka Streams 4.1 keeps its main consumer from sending LeaveGroup (internal.leave.group.on.close=false,
            // a default a client setting may override), and close(leaveGroup) only removes static members; a
            // dynamic member leaves only with this (Kafka 4.2's CloseOptions, KIP-1153, makes it an option).
            config.putIfAbsent(StreamsConfig.mainConsumerPrefix(LEAVE_GROUP_ON_CLOSE), true);
        }
        String server = properties.processor().applicationServer();
        if (server != null && !server.isBlank()) {
            config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server.trim());
        }
        return config;
    }

    private ProcessorTopologyConfig topologyConfig() {
        TrackstreamProperties.Processor p = properties.processor();
        TopicNames t = properties.topics();
        Map<String, Integer> partitions = TopicPartitions.describe(kafka.buildAdminProperties(),
                List.of(t.raw(), t.rejected(), t.registrations(), t.shipments(), t.statusChanges(), t.parcelChanges(), t.autoClose(),
                        t.pollTargets()),
                p.startupTimeout());
        int parcelPartitions = p.parcelPartitions() > 0 ? p.parcelPartitions() : partitions.get(t.raw());
        if (parcelPartitions != partitions.get(t.raw())) {
            throw new IllegalStateException("trackstream.processor.parcel-partitions (" + parcelPartitions
                    + ") must equal the partitions of " + t.raw() + " (" + partitions.get(t.raw()) + ")");
        }
        int shipmentPartitions = p.shipmentPartitions() > 0 ? p.shipmentPartitions() : partitions.get(t.registrations());
        if (p.dedupeRetention() != null) {
            log.warn("trackstream.processor.dedupe-retention ({}) is no longer used: a parcel's state holds the keys of its events "
                    + "(docs/processor.md, Dedupe); the setting can be removed", p.dedupeRetention());
        }
        return new ProcessorTopologyConfig(ProcessorTopologyConfig.Topics.of(t), parcelPartitions, shipmentPartitions,
                p.maxHistoryEntries(), p.autoCloseExcludedChannels() == null ? Set.of() : p.autoCloseExcludedChannels(),
                p.flushInterval(), p.busyFlushInterval(), p.eagerCommitBelow(), p.batchWait(), p.registrationWait(),
                p.rederiveChunk());
    }
}
