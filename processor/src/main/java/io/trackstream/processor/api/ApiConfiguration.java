package io.trackstream.processor.api;

import java.time.Clock;

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

    /** Several instances (application-server set) must share a forwarding secret: refuse to start without one. */
    @Bean
    InstanceForwarder instanceForwarder(TrackstreamProperties properties, ForwardingProperties forwarding) {
        String server = properties.processor().applicationServer();
        if (server != null && !server.isBlank() && (forwarding.secret() == null || forwarding.secret().isBlank())) {
            throw new IllegalStateException("trackstream.processor.application-server is set (" + server + "), so read requests are "
                    + "forwarded between instances: set trackstream.processor.forwarding.secret (FORWARDING_SECRET), the same on "
                    + "every instance, so that no client can forge a forwarded request");
        }
        return new InstanceForwarder(forwarding.timeout(), forwarding.secret(), Clock.systemUTC());
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
