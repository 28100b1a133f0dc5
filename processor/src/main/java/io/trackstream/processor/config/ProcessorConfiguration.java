package io.trackstream.processor.config;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.trackstream.processor.mapping.MappingFiles;
import io.trackstream.processor.mapping.StatusMappings;
import io.trackstream.processor.metrics.MicrometerTrackingMetrics;
import io.trackstream.processor.topology.TrackingMetrics;

/** Wires the topology's collaborators; the topology itself is built by {@link ProcessorStreams} at start. */
@Configuration(proxyBeanMethods = false)
public class ProcessorConfiguration {

    @Bean
    StatusMappings statusMappings(TrackstreamProperties properties) {
        return MappingFiles.load(properties.processor().mappingDirectory());
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
    ProcessorStreamsHealth processorStreamsHealth(ProcessorStreams streams) {
        return new ProcessorStreamsHealth(streams);
    }
}
