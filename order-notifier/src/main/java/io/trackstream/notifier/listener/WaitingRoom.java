package io.trackstream.notifier.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Hands a record whose order system cannot take it now to the notifier's retry topic, unchanged (key, value bytes,
 * original headers) plus the {@link WaitHeaders}, and returns only once the broker acknowledged it: then the
 * record's offset may be committed, and the consumer goes on with the next record, whatever tenant it is for. Every
 * record in the retry topic is due the same {@code retryDelay} after it was written, so the topic is in due order and
 * its consumer never waits behind a record that is due later than the next one.
 */
public final class WaitingRoom {

    private static final Logger log = LoggerFactory.getLogger(WaitingRoom.class);

    private final KafkaTemplate<String, byte[]> template;
    private final String retryTopic;
    private final Duration retryDelay;
    private final Duration handOffTimeout;

    public WaitingRoom(KafkaTemplate<String, byte[]> template, String retryTopic, Duration retryDelay, Duration handOffTimeout) {
        this.template = template;
        this.retryTopic = retryTopic;
        this.retryDelay = retryDelay;
        this.handOffTimeout = handOffTimeout;
    }

    /**
     * Writes {@code record} to the retry topic, due {@code retryDelay} from {@code now}.
     *
     * @param since when it started waiting (kept from hop to hop)
     * @param calls calls made for it so far, this delivery's included
     * @param reason why it waits: the last call's outcome, or {@code circuit_open}
     */
    public void hold(ConsumerRecord<String, byte[]> record, TenantTarget target, Instant now, Instant since, int calls,
            String reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            if (!h.key().startsWith("kafka_") && !WaitHeaders.isOurs(h.key())) {
                headers.add(h);
            }
        }
        Instant due = now.plus(retryDelay);
        headers.add(WaitHeaders.TARGET, WaitHeaders.utf8(target.target().tag()));
        headers.add(WaitHeaders.TENANT, WaitHeaders.utf8(target.tenant()));
        headers.add(WaitHeaders.SINCE, WaitHeaders.utf8(since));
        headers.add(WaitHeaders.DUE, WaitHeaders.utf8(due));
        headers.add(WaitHeaders.CALLS, WaitHeaders.utf8(calls));
        headers.add(WaitHeaders.REASON, WaitHeaders.utf8(reason));
        try {
            template.send(new ProducerRecord<>(retryTopic, null, record.key(), record.value(), headers))
                    .get(handOffTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while handing " + where(record) + " to " + retryTopic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The broker did not take " + where(record) + " into " + retryTopic
                    + " within " + handOffTimeout + "; not committed, tried again", e);
        }
        log.info("{} waits for {} ({}, {} call(s), waiting since {}), due again at {}", where(record), target, reason,
                calls, since, due);
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset() + " key " + record.key();
    }
}
