package io.trackstream.ingest;

import io.trackstream.topics.TopicNames;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * webhook-ingest. Boot's Kafka auto-configuration is left out: this app only produces, through its own producer
 * (acks=all, idempotent, bounded timeouts, see IngestConfiguration); it still reads spring.kafka.* for the rest.
 */
@SpringBootApplication(exclude = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(KafkaProperties.class)
@ConfigurationPropertiesScan
public class WebhookIngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebhookIngestApplication.class, args);
    }

    /** The topic names: {@code trackstream.topics.*} over the catalogue's defaults (docs/conventions.md). */
    @Bean
    TopicNames topicNames(Environment environment) {
        return Binder.get(environment).bindOrCreate("trackstream.topics", TopicNames.class);
    }
}
