package io.trackstream.processor.api;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.trackstream.processor.config.ProcessorStreams;
import io.trackstream.processor.config.TrackstreamProperties;

/** The read API's collaborators and its OpenAPI description (served at /v3/api-docs). */
@Configuration(proxyBeanMethods = false)
public class ApiConfiguration {

    @Bean
    ShipmentStores shipmentStores(ProcessorStreams streams, TrackstreamProperties properties) {
        return new InteractiveQueryStores(streams, properties.processor().applicationServer());
    }

    @Bean
    InstanceForwarder instanceForwarder() {
        return new InstanceForwarder(Duration.ofSeconds(5));
    }

    @Bean
    OpenAPI processorOpenApi() {
        return new OpenAPI()
                .info(new Info().title("trackstream processor read API").version("v1")
                        .description("Canonical shipment state from the processor's state stores. Answers use the Salesive "
                                + "envelope {status, success, message, data}; errors add a machine-readable type."))
                .components(new Components().addSecuritySchemes("AppToken", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("Installed-app access token (prefix app_), bound to one store server-side.")));
    }
}
