package io.trackstream.notifier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class OrderNotifierApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderNotifierApplication.class, args);
    }
}
