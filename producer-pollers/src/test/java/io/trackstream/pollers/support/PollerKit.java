package io.trackstream.pollers.support;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.contract.CarrierTimes;
import io.trackstream.pollers.carrier.CarrierAdapter;
import io.trackstream.pollers.carrier.CarrierHttp;
import io.trackstream.pollers.carrier.couriersync.CourierSyncAdapter;
import io.trackstream.pollers.carrier.salesive.SalesiveAdapter;
import io.trackstream.pollers.carrier.shiplemon.ShiplemonAdapter;
import io.trackstream.pollers.config.PollersProperties;
import io.trackstream.pollers.metrics.PollMetrics;
import io.trackstream.pollers.poll.Poller;
import io.trackstream.pollers.poll.RawEventPublisher;
import io.trackstream.pollers.resilience.CarrierClient;
import io.trackstream.topics.TopicNames;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import io.trackstream.serde.MockSchemaRegistry;
import io.trackstream.serde.SpecificAvroSerializer;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

/**
 * The real poll path (adapters, HTTP, resilience4j, converter, publisher) without Spring or a broker: Kafka's own
 * MockProducer stands in for the broker and records what was published.
 */
public final class PollerKit {

    public static final String RAW_TOPIC = "tracking.raw.v1";
    public static final String REJECTED_TOPIC = "tracking.raw.rejected.v1";

    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final PollersProperties properties;
    public final CircuitBreakerRegistry circuitBreakers = CircuitBreakerRegistry.ofDefaults();
    public final RetryRegistry retries = RetryRegistry.ofDefaults();
    public final RateLimiterRegistry rateLimiters = RateLimiterRegistry.ofDefaults();
    public final MockProducer<String, RawTrackingEvent> producer = new MockProducer<>(true, null, new StringSerializer(),
            // The real Avro serializer: what is published must also be writable in the wire format.
            new SpecificAvroSerializer<>(MockSchemaRegistry.forScope("poller-kit"), false)) {
        @Override
        public void close(java.time.Duration timeout) {
            // KafkaTemplate closes a non-shared producer after each send; keep this one (and its history) open.
        }
    };
    /** This instance's share of each account's rate: all of it unless a test says otherwise. */
    public final io.trackstream.pollers.resilience.RateShare rateShare;
    public final MockProducer<String, RejectedEvent> rejectedProducer = new MockProducer<>(true, null, new StringSerializer(),
            new SpecificAvroSerializer<>(MockSchemaRegistry.forScope("poller-kit"), false)) {
        @Override
        public void close(java.time.Duration timeout) {
            // as above
        }
    };
    public final CarrierClient client;
    public final Poller poller;
    public final PollMetrics metrics;
    public final CarrierTimes times = CarrierTimes.defaults();
    public final List<CarrierAdapter> adapters = List.of(new ShiplemonAdapter(times), new SalesiveAdapter(times),
            new CourierSyncAdapter(times));

    public PollerKit(Clock clock, Map<String, PollersProperties.Provider> providers) {
        this(clock, providers, io.trackstream.pollers.resilience.RateShare.whole());
    }

    public PollerKit(Clock clock, Map<String, PollersProperties.Provider> providers, io.trackstream.pollers.resilience.RateShare rateShare) {
        this.rateShare = rateShare;
        this.properties = new PollersProperties(null, null, false, 1, null, null, providers);
        this.metrics = new PollMetrics(meters);
        CarrierHttp http = new CarrierHttp(clock, metrics);
        this.client = new CarrierClient(adapters, properties, http, circuitBreakers, retries, rateLimiters, metrics, clock, rateShare);
        KafkaTemplate<String, RawTrackingEvent> template = new KafkaTemplate<>(new MockProducerFactory<>(() -> producer));
        KafkaTemplate<String, RejectedEvent> rejectedTemplate = new KafkaTemplate<>(new MockProducerFactory<>(() -> rejectedProducer));
        RawEventPublisher publisher = new RawEventPublisher(template, rejectedTemplate,
                TopicNames.defaults());
        this.poller = new Poller(client, publisher, metrics, properties);
    }

    public List<ProducerRecord<String, RawTrackingEvent>> published() {
        return producer.history();
    }

    public List<ProducerRecord<String, RejectedEvent>> rejected() {
        return rejectedProducer.history();
    }

    public double count(String meter, String... tags) {
        var counter = meters.find(meter).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }
}
