package io.trackstream.processor.redrive;

import java.util.Arrays;
import java.util.List;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

import io.trackstream.processor.config.TrackstreamProperties;

/**
 * {@code --redrive-unmapped --provider=<p> --code=<c> [--dry-run]}: the app starts without Kafka Streams and without
 * a web server, re-drives the unmapped events of that provider and code (docs/operations.md), prints what it did and
 * exits: 0 when done, 2 when the arguments are missing.
 */
@Component
public class RedriveCommand implements ApplicationRunner, ExitCodeGenerator {

    public static final String OPTION = "redrive-unmapped";

    private final TrackstreamProperties properties;
    private final KafkaProperties kafka;
    private volatile int exitCode;

    public RedriveCommand(TrackstreamProperties properties, KafkaProperties kafka) {
        this.properties = properties;
        this.kafka = kafka;
    }

    public static boolean requested(String... args) {
        return Arrays.asList(args).contains("--" + OPTION);
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.containsOption(OPTION)) {
            return;
        }
        List<String> provider = args.getOptionValues("provider");
        List<String> code = args.getOptionValues("code");
        if (provider == null || provider.isEmpty() || code == null || code.isEmpty()) {
            System.out.println("usage: --redrive-unmapped --provider=<provider> --code=<carrier status code> [--dry-run]");
            exitCode = 2;
            return;
        }
        var report = new UnmappedRedrive(kafka.buildConsumerProperties(), properties.schemaRegistryUrl(), properties.topics().rejected(),
                properties.topics().raw()).redrive(provider.get(0), code.get(0), args.containsOption("dry-run"));
        System.out.printf("%s %d unmapped event(s) of %s code %s%s%n", report.dryRun() ? "would re-drive" : "re-drove",
                report.dryRun() ? report.matched() : report.redriven(), provider.get(0), code.get(0),
                report.dryRun() ? "" : "; the processor applies what the parcels' histories lack and drops the rest as repeats");
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
