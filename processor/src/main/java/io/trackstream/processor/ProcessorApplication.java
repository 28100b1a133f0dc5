package io.trackstream.processor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.trackstream.processor.redrive.RedriveCommand;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The processor. Started with {@code --redrive-unmapped} it re-drives unmapped events instead of processing, and
 * exits (docs/operations.md).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProcessorApplication {

    public static void main(String[] args) {
        if (RedriveCommand.requested(args)) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(ProcessorApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties("trackstream.processor.streams-auto-startup=false")
                    .run(args);
            System.exit(SpringApplication.exit(context));
        }
        SpringApplication.run(ProcessorApplication.class, args);
    }
}
