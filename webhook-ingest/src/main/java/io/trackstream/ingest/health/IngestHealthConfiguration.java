package io.trackstream.ingest.health;

import java.time.Clock;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** webhook-ingest's readiness: the broker its answers depend on is reachable. */
@Configuration(proxyBeanMethods = false)
public class IngestHealthConfiguration {

    /** Health contributor "broker". */
    @Bean
    BrokerReachability brokerHealthIndicator(KafkaProperties kafka, IngestHealthProperties health) {
        return new BrokerReachability(kafka.buildAdminProperties(), health, Clock.systemUTC());
    }
}
