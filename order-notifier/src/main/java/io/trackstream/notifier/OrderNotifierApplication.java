package io.trackstream.notifier;

import io.trackstream.topics.TopicNames;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;

import io.trackstream.notifier.deadletter.ReplayCommand;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The order notifier. Started with {@code --replay-dead-letters} it replays the dead letter topic instead of
 * consuming, and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderNotifierApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = start(args);
        if (ReplayCommand.requested(args)) {
            System.exit(SpringApplication.exit(context));
        }
    }

    /** Starts the app as {@link #main} does, without exiting: the replay command's runner has run on return. */
    public static ConfigurableApplicationContext start(String... args) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(OrderNotifierApplication.class);
        if (ReplayCommand.requested(args)) {
            builder.web(WebApplicationType.NONE)
                    .properties("trackstream.notifier.listeners-auto-startup=false");
        }
        return builder.run(args);
    }

    /** The topic names: {@code trackstream.topics.*} over the catalogue's defaults (docs/conventions.md). */
    @Bean
    TopicNames topicNames(Environment environment) {
        return Binder.get(environment).bindOrCreate("trackstream.topics", TopicNames.class);
    }
}
