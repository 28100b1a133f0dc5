package io.trackstream.processor.config;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.trackstream.avro.RejectionReason;
import io.trackstream.processor.topology.TrackingMetrics;

/**
 * The public input topics are decoded inside the topology, where a bad record is dead-lettered to
 * {@code tracking.raw.rejected.v1} in the same transaction. What can still fail in the consumer is an internal
 * repartition record (written by this app, so a bug or a corrupted broker): it is logged with where it is, counted,
 * and skipped, so one bad record never stops the stream.
 */
public class RecordingDeserializationExceptionHandler implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RecordingDeserializationExceptionHandler.class);
    private TrackingMetrics metrics = TrackingMetrics.none();

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(ProcessorStreams.METRICS_CONFIG) instanceof TrackingMetrics configured) {
            metrics = configured;
        }
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        log.error("Skipping an undecodable record at {}-{}@{} (task {}): {}", context.topic(), context.partition(),
                context.offset(), context.taskId(), exception.toString());
        metrics.rejected(RejectionReason.DESERIALIZATION_FAILED);
        return DeserializationHandlerResponse.CONTINUE;
    }
}
