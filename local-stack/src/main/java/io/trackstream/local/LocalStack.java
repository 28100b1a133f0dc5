package io.trackstream.local;

import java.util.concurrent.CountDownLatch;

import io.trackstream.topics.TopicCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs trackstream on this machine: a real KRaft broker with every topic of the contract created. Ctrl-C stops it
 * cleanly (a controlled broker shutdown), and the next run reuses the data folder.
 */
public final class LocalStack {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private LocalStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalStackOptions options;
        try {
            options = LocalStackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        LocalKafkaBroker broker = new LocalKafkaBroker(options.dataDir(), options.kafkaPort(), 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping trackstream local stack");
            broker.close();
            stopped.countDown();
        }, "local-stack-shutdown"));

        broker.start();
        TopicCatalog catalog = options.partitions() > 0 ? TopicCatalog.defaults().withPartitions(options.partitions()) : TopicCatalog.defaults();
        TopicProvisioner.ensure(broker.bootstrapServers(), catalog);

        System.out.printf("%ntrackstream local stack is up.%n  Kafka bootstrap servers: %s%n  Data folder: %s%n  Topics:%n",
                broker.bootstrapServers(), broker.dataDir());
        catalog.topics().forEach(t -> System.out.printf("    %-30s %2d partitions  %s%n", t.name(), t.partitions(), t.cleanupPolicy()));
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }
}
