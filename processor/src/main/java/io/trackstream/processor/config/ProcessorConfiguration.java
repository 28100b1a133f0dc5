package io.trackstream.processor.config;

import java.time.Clock;
import java.util.Optional;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.trackstream.processor.health.ProcessorHealthProperties;
import io.trackstream.processor.health.StreamsProgress;
import io.trackstream.processor.health.StreamsProgressHealth;
import io.trackstream.processor.health.ThreadReplacements;
import io.trackstream.processor.mapping.MappingFiles;
import io.trackstream.processor.mapping.MappingReloader;
import io.trackstream.processor.mapping.ReloadableMappings;
import io.trackstream.processor.mapping.StatusMappings;
import io.trackstream.processor.metrics.MicrometerTrackingMetrics;
import io.trackstream.processor.metrics.ShipmentStatusGauge;
import io.trackstream.processor.topology.TopologyNames;
import io.trackstream.processor.topology.TrackingMetrics;

/** Wires the topology's collaborators; the topology itself is built by {@link ProcessorStreams} at start. */
@Configuration(proxyBeanMethods = false)
public class ProcessorConfiguration {

    /** The mapping tables, read at start (refused tables stop the start) and again at runtime by {@link MappingReloader}. */
    @Bean
    ReloadableMappings statusMappings(TrackstreamProperties properties) {
        return new ReloadableMappings(MappingFiles.load(properties.processor().mappingDirectory()));
    }

    /** Re-reads the tables every mapping-check-interval and on request; keeps the info gauge naming their digest. */
    @Bean(destroyMethod = "close")
    MappingReloader mappingReloader(ReloadableMappings mappings, TrackstreamProperties properties, MeterRegistry registry) {
        String directory = properties.processor().mappingDirectory();
        MappingReloader reloader = new MappingReloader(mappings, MappingFiles.reloading(directory), registry, Clock.systemUTC());
        reloader.checkEvery(properties.processor().mappingCheckInterval());
        return reloader;
    }

    @Bean
    MappingTablesEndpoint mappingTablesEndpoint(ReloadableMappings mappings, MappingReloader reloader) {
        return new MappingTablesEndpoint(mappings, reloader);
    }

    @Bean
    TrackingMetrics trackingMetrics(MeterRegistry registry) {
        return new MicrometerTrackingMetrics(registry);
    }

    @Bean
    ProcessorStreams processorStreams(TrackstreamProperties properties, KafkaProperties kafka, StatusMappings mappings,
                                      TrackingMetrics metrics, MeterRegistry registry) {
        return new ProcessorStreams(properties, kafka, mappings, metrics, registry);
    }

    @Bean
    ShipmentStatusGauge shipmentStatusGauge(ProcessorStreams streams, MeterRegistry registry, TrackstreamProperties properties) {
        return new ShipmentStatusGauge(() -> localStatusCounts(streams), registry, properties.processor().shipmentGaugeInterval());
    }

    /** The status counts of the tasks this instance runs (active only: each shipment is counted by one instance). */
    private static Optional<ReadOnlyKeyValueStore<String, Long>> localStatusCounts(ProcessorStreams streams) {
        KafkaStreams running = streams.streams();
        if (running == null || running.state() != KafkaStreams.State.RUNNING) {
            return Optional.empty();
        }
        try {
            return Optional.of(running.store(StoreQueryParameters.fromNameAndType(TopologyNames.SHIPMENT_STATUS_COUNTS_STORE,
                    QueryableStoreTypes.<String, Long>keyValueStore())));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    /** Health contributor "streams": liveness and readiness. */
    @Bean
    ProcessorStreamsHealth streamsHealthIndicator(ProcessorStreams streams) {
        return new ProcessorStreamsHealth(streams);
    }

    @Bean
    StreamsProgress streamsProgress(ProcessorStreams streams, ProcessorHealthProperties health, MeterRegistry registry) {
        StreamsProgress progress = new StreamsProgress(streams::streams, health, Clock.systemUTC());
        Gauge.builder("trackstream.processor.stalled.partitions", progress, p -> p.lastSample().size())
                .description("Input partitions with lag whose committed offset has not moved for longer than the stall timeout")
                .register(registry);
        FunctionCounter.builder("trackstream.processor.stream.thread.replacements", streams.threadReplacements(),
                        ThreadReplacements::total)
                .description("Stream threads that died and were replaced")
                .register(registry);
        return progress;
    }

    /** Health contributor "streamsProgress": readiness only (a stalled partition is not cured by a restart). */
    @Bean
    StreamsProgressHealth streamsProgressHealthIndicator(StreamsProgress progress, ProcessorStreams streams,
                                                         ProcessorHealthProperties health) {
        return new StreamsProgressHealth(progress, streams.threadReplacements(), health);
    }
}
