package io.trackstream.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.Optional;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler.ProcessingHandlerResponse;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.junit.jupiter.api.Test;

import io.trackstream.processor.topology.RecordFailures;

class RetryThenDeadLetterTest {

    @Test
    void aFailureAbortsTheTransactionAndAfterThreeTheRecordIsMarkedForTheRejectedTopic() {
        RecordFailures failures = new RecordFailures(3);
        RetryThenDeadLetter handler = new RetryThenDeadLetter();
        handler.configure(Map.of(RetryThenDeadLetter.FAILURES_CONFIG, failures));
        ErrorHandlerContext context = mock(ErrorHandlerContext.class);
        when(context.topic()).thenReturn("tracking.raw.v1");
        when(context.partition()).thenReturn(2);
        when(context.offset()).thenReturn(41L);
        RecordMetadata at = metadata("tracking.raw.v1", 2, 41L);

        for (int attempt = 1; attempt <= 3; attempt++) {
            // each failure fails the task (its transaction aborted, nothing of the record kept) ...
            assertThat(handler.handle(context, new Record<>("elta:ZU1", "v", 0L), new IllegalStateException("disk full")))
                    .isEqualTo(ProcessingHandlerResponse.FAIL);
            // ... and only the third makes the next attempt dead-letter it
            assertThat(failures.poisoned(Optional.of(at)).isPresent()).as("after attempt %d", attempt).isEqualTo(attempt == 3);
        }
        assertThat(failures.poisoned(Optional.of(at)).orElseThrow().cause()).isEqualTo("java.lang.IllegalStateException: disk full");
        assertThat(failures.poisoned(Optional.of(metadata("tracking.raw.v1", 2, 42L)))).isEmpty();

        failures.settled(Optional.of(at));
        assertThat(failures.poisoned(Optional.of(at))).isEmpty();
    }

    private static RecordMetadata metadata(String topic, int partition, long offset) {
        return new RecordMetadata() {
            @Override public String topic() { return topic; }
            @Override public int partition() { return partition; }
            @Override public long offset() { return offset; }
        };
    }
}
