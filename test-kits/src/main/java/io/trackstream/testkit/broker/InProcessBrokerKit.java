package io.trackstream.testkit.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.trackstream.testkit.stack.LocalKafkaBroker;
import io.trackstream.testkit.stack.LocalSchemaRegistry;
import io.trackstream.testkit.stack.TopicProvisioner;
import io.trackstream.topics.TopicCatalog;

/** {@link BrokerKit.Backend#IN_PROCESS}: {@link LocalKafkaBroker} and {@link LocalSchemaRegistry} in this JVM. */
final class InProcessBrokerKit implements BrokerKit {

    private static final Logger log = LoggerFactory.getLogger(InProcessBrokerKit.class);

    private final Path dataDir;
    private final boolean temporary;
    private final LocalKafkaBroker broker;
    private final LocalSchemaRegistry registry;

    InProcessBrokerKit(BrokerKitOptions options) {
        try {
            temporary = options.dataDir() == null;
            dataDir = temporary ? Files.createTempDirectory("trackstream-broker-") : options.dataDir();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the broker's data folder", e);
        }
        // A broker failing fatally calls Exit; in a test that must fail the caller, not end the JVM.
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka broker asked to exit(" + status + "): " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Kafka broker asked to halt(" + status + "): " + message);
        });
        broker = new LocalKafkaBroker(dataDir.resolve("broker"), options.brokerPort(), options.controllerPort(),
                options.brokerProperties());
        try {
            start();
            registry = startRegistry(dataDir.resolve("registry"), options.registryPort());
        } catch (RuntimeException e) {
            // Nothing left running, and the caller hears why.
            broker.close();
            resetExit();
            if (temporary) {
                deleteRecursively(dataDir);
            }
            throw e;
        }
        log.info("Broker kit backend in-process: Kafka on {}, Schema Registry on {}", bootstrapServers(), registry.url());
    }

    private static LocalSchemaRegistry startRegistry(Path dir, int port) {
        try {
            return new LocalSchemaRegistry(dir, port);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("The Schema Registry could not start on 127.0.0.1:" + port + ": "
                    + e.getCause().getMessage(), e);
        }
    }

    @Override
    public Backend backend() {
        return Backend.IN_PROCESS;
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return registry.url();
    }

    @Override
    public Set<String> createTopics(TopicCatalog catalog) {
        return TopicProvisioner.ensure(bootstrapServers(), catalog);
    }

    @Override
    public void createTopics(int partitions, String... names) {
        Topics.create(this, partitions, names);
    }

    @Override
    public void stop() {
        broker.close();
    }

    @Override
    public void start() {
        broker.start();
        Topics.awaitServing(this);
    }

    @Override
    public void close() {
        try {
            if (registry != null) {
                registry.close();
            }
            broker.close();
        } finally {
            resetExit();
            if (temporary) {
                deleteRecursively(dataDir);
            }
        }
    }

    private static void resetExit() {
        Exit.resetExitProcedure();
        Exit.resetHaltProcedure();
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.debug("Could not remove {}: {}", root, e.getMessage());
        }
    }
}
