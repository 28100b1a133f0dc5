package io.trackstream.ingest.config;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.trackstream.contract.CarrierTimes;
import io.trackstream.ingest.metrics.IngestMetrics;
import io.trackstream.ingest.publish.DurablePublisher;
import io.trackstream.ingest.registration.ShipmentRegistrations;
import io.trackstream.ingest.security.ReplayGuard;
import io.trackstream.ingest.security.WebhookAuthenticator;
import io.trackstream.ingest.webhook.WebhookIngestion;
import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroSerializer;
import io.trackstream.topics.TopicNames;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;

/** Wires webhook-ingest: the durable producer, the webhook authenticator, the services and the OpenAPI header. */
@Configuration(proxyBeanMethods = false)
public class IngestConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IngestConfiguration.class);

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The producer every request waits on. Whatever spring.kafka.producer.* says, it is idempotent with acks=all (a 2xx
     * must mean durable), and it gives up within the request's deadline: max.block.ms bounds one wait for metadata or
     * buffer space, delivery.timeout.ms the whole send including retries (ProducerTimeouts).
     */
    @Bean
    public ProducerFactory<String, SpecificRecord> ingestProducerFactory(KafkaProperties kafka, IngestProperties ingest,
            SchemaRegistryProperties registry) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, SpecificAvroSerializer.class);
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.schemaRegistryUrl());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putAll(ProducerTimeouts.within(ingest.requestTimeout(), config.get(ProducerConfig.LINGER_MS_CONFIG)));
        return new DefaultKafkaProducerFactory<>(config);
    }

    @Bean
    public CarrierTimes carrierTimes(CarrierZoneProperties zones) {
        return zones.carrierTimes();
    }

    @Bean
    public IngestMetrics ingestMetrics(MeterRegistry registry) {
        return new IngestMetrics(registry);
    }

    @Bean
    public DurablePublisher durablePublisher(ProducerFactory<String, SpecificRecord> producers, IngestProperties ingest,
            IngestMetrics metrics) {
        return new DurablePublisher(producers, ProducerTimeouts.maxBlock(ingest.requestTimeout()), metrics);
    }

    /** The signatures of this instance's webhooks (per instance: docs/webhook-ingest.md); closed with the app. */
    @Bean
    public ReplayGuard replayGuard(IngestProperties ingest, Clock clock, IngestMetrics metrics) {
        ReplayGuard guard = new ReplayGuard(ingest.replayWindow(), ingest.replayCache().maxEntries(), clock);
        metrics.replayCache(guard);
        return guard;
    }

    @Bean
    public WebhookAuthenticator webhookAuthenticator(IngestProperties ingest, Clock clock) {
        ingest.webhooks().forEach((provider, secret) -> {
            if (secret.secret() == null || secret.secret().isBlank()) {
                log.warn("trackstream.ingest.webhooks.{}.secret is empty: webhooks of {} will be refused", provider, provider);
            }
        });
        log.info("Webhook secrets configured for providers {}", ingest.webhooks().keySet().stream()
                .filter(p -> ingest.secretOf(p).isPresent()).sorted().toList());
        return new WebhookAuthenticator(ingest, clock);
    }

    @Bean
    public WebhookIngestion webhookIngestion(WebhookAuthenticator authenticator, ReplayGuard replayGuard, DurablePublisher publisher,
            TopicNames topics, IngestProperties ingest, IngestMetrics metrics, Clock clock) {
        return new WebhookIngestion(authenticator, replayGuard, publisher, topics, ingest, metrics, clock);
    }

    @Bean
    public ShipmentRegistrations shipmentRegistrations(DurablePublisher publisher, TopicNames topics, IngestProperties ingest,
            IngestMetrics metrics, Clock clock) {
        return new ShipmentRegistrations(publisher, topics, ingest, metrics, clock);
    }

    @Bean
    public OpenAPI ingestOpenApi() {
        return new OpenAPI()
                .info(new Info().title("trackstream webhook-ingest").version("v1")
                        .description("Carrier webhooks and shipment registrations. A 2xx means Kafka has acknowledged the write."))
                .components(new Components().addSecuritySchemes("AppToken", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("app_...")
                        .description("Tenant-bound app token (Authorization: Bearer app_...)")));
    }
}
