package io.trackstream.processor.config;

import java.util.Map;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.trackstream.avro.RejectionReason;
import io.trackstream.processor.topology.TrackingMetrics;

/**
 * Known bad input is dead-lettered by the topology itself; an exception that still escapes a processor is a bug
 * with one record. It is logged with the record's coordinates and counted, and the stream goes on: one poisoned
 * record must not stop tracking for everyone.
 */
public class ContinueOnProcessingError implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ContinueOnProcessingError.class);
    private TrackingMetrics metrics = TrackingMetrics.none();

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(ProcessorStreams.METRICS_CONFIG) instanceof TrackingMetrics configured) {
            metrics = configured;
        }
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        log.error("Skipping a record that failed in {} at {}-{}@{} (key {})", context.processorNodeId(), context.topic(),
                context.partition(), context.offset(), record.key(), exception);
        metrics.rejected(RejectionReason.OTHER);
        return ProcessingHandlerResponse.CONTINUE;
    }
}
