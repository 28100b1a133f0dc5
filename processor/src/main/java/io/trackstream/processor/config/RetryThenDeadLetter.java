package io.trackstream.processor.config;

import java.util.Map;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.trackstream.processor.topology.RecordFailures;

/**
 * An exception that escapes a processor fails the task: its transaction is aborted, so nothing of the record is
 * kept, and the record is processed again. Continuing instead would keep whatever the record had written before it
 * threw. The failure is counted per record ({@link RecordFailures}); once a record has failed
 * {@link RecordFailures#maxAttempts()} times, its processor sends it to the rejected topic with the exception
 * instead of applying it, so no record is retried forever.
 */
public class RetryThenDeadLetter implements ProcessingExceptionHandler {

    /** The config key under which the handler finds the topology's {@link RecordFailures}. */
    public static final String FAILURES_CONFIG = "trackstream.processor.record-failures";

    private static final Logger log = LoggerFactory.getLogger(RetryThenDeadLetter.class);
    private RecordFailures failures = new RecordFailures(1);

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(FAILURES_CONFIG) instanceof RecordFailures configured) {
            failures = configured;
        }
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        int attempts = failures.failed(context.topic(), context.partition(), context.offset(), exception);
        log.error("Record {}-{}@{} (key {}) failed in {} (attempt {} of {}); its task's transaction is aborted and the record "
                        + "tried again{}", context.topic(), context.partition(), context.offset(), record == null ? null : record.key(),
                context.processorNodeId(), attempts, failures.maxAttempts(),
                attempts >= failures.maxAttempts() ? ", then dead-lettered" : "", exception);
        return ProcessingHandlerResponse.FAIL;
    }
}
