package io.trackstream.pollers;

import io.trackstream.topics.TopicNames;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PollersApplication {

    public static void main(String[] args) {
        SpringApplication.run(PollersApplication.class, args);
    }

    /** The topic names: {@code trackstream.topics.*} over the catalogue's defaults (docs/conventions.md). */
    @Bean
    TopicNames topicNames(Environment environment) {
        return Binder.get(environment).bindOrCreate("trackstream.topics", TopicNames.class);
    }
}
