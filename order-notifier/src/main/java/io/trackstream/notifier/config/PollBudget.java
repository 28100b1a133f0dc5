package io.trackstream.notifier.config;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * How many records one poll may bring so that working through them always ends well within
 * {@code max.poll.interval.ms}: a consumer that overruns it is evicted from its group, its commit fails and the
 * records it already sent are sent again. The worst record is a call that takes the whole connect and read timeout
 * and then a hand-off to the retry topic that takes the whole hand-off timeout; a poll's worst case, twice over, must
 * fit in the interval. Without an explicit {@code max-poll-records} the largest batch that fits is used (at most
 * {@link #MAX_RECORDS}); an explicit one that does not fit, or an interval that cannot fit even one record, stops the
 * app at start.
 */
public record PollBudget(int maxPollRecords, Duration maxPollInterval, Duration worstRecord) {

    static final int SAFETY_FACTOR = 2;
    static final int MAX_RECORDS = 100;
    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

    public static PollBudget of(Map<String, Object> consumerConfig, Duration connectTimeout, Duration readTimeout,
            Duration handOffTimeout) {
        Duration worst = connectTimeout.plus(readTimeout).plus(handOffTimeout);
        Duration interval = millis(consumerConfig.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG))
                .orElse(DEFAULT_INTERVAL);
        long fitting = interval.toMillis() / (worst.toMillis() * SAFETY_FACTOR);
        Object explicit = consumerConfig.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG);
        if (explicit != null) {
            int records = Integer.parseInt(explicit.toString().trim());
            if (records < 1 || records > fitting) {
                throw new IllegalStateException("spring.kafka.consumer.max-poll-records=" + records + " does not fit: "
                        + records + " records x " + worst + " (connect-timeout + read-timeout + hand-off-timeout) x "
                        + SAFETY_FACTOR + " exceeds max.poll.interval.ms " + interval.toMillis() + "; use at most "
                        + fitting + " or leave it unset");
            }
            return new PollBudget(records, interval, worst);
        }
        if (fitting < 1) {
            throw new IllegalStateException("max.poll.interval.ms " + interval.toMillis() + " cannot fit one record's worst case "
                    + worst + " (connect-timeout + read-timeout + hand-off-timeout) " + SAFETY_FACTOR
                    + " times over: raise it to at least " + worst.multipliedBy(SAFETY_FACTOR).toMillis() + " or lower the timeouts");
        }
        return new PollBudget((int) Math.min(fitting, MAX_RECORDS), interval, worst);
    }

    /** The consumer settings that carry this budget. */
    public Map<String, Object> consumerConfig() {
        return Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords,
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) maxPollInterval.toMillis());
    }

    private static java.util.Optional<Duration> millis(Object value) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Duration.ofMillis(Long.parseLong(value.toString().trim())));
    }
}
