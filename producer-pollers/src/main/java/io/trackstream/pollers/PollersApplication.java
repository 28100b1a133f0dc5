package io.trackstream.pollers;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PollersApplication {

    public static void main(String[] args) {
        SpringApplication.run(PollersApplication.class, args);
    }
}
