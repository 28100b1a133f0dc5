package io.trackstream.testkit.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.trackstream.testkit.stack.LocalSchemaRegistry;

/** {@link BrokerKit.Backend#IN_PROCESS}: {@link KraftBroker} and {@link LocalSchemaRegistry} in this JVM. */
final class InProcessBrokerKit implements BrokerKit {

    private static final Logger log = LoggerFactory.getLogger(InProcessBrokerKit.class);

    private final Path dataDir;
    private final boolean temporary;
    private final KraftBroker broker;
    private final LocalSchemaRegistry registry;
    private final boolean trapsExit;
    private boolean closed;

    private static int openKits;

    /**
     * @param trapExit whether a broker's fatal error fails the caller instead of ending the JVM: for tests; a process
     *                 whose job is to run the broker (the local stack, a benchmark) ends as Kafka asks
     */
    InProcessBrokerKit(BrokerKitOptions options, boolean trapExit) {
        this.trapsExit = trapExit;
        if (options.registryPort() != 0 && !Ports.isFree(options.registryPort())) {
            // checked before the broker starts, so a taken port fails the caller at once
            throw new IllegalStateException("Cannot start the Schema Registry: its port 127.0.0.1:" + options.registryPort()
                    + " is taken");
        }
        try {
            temporary = options.dataDir() == null;
            dataDir = temporary ? Files.createTempDirectory("trackstream-broker-") : options.dataDir();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the broker's data folder", e);
        }
        if (trapsExit) {
            trapExit();
        }
        KraftBroker startedBroker = null;
        try {
            startedBroker = new KraftBroker(dataDir.resolve("broker"), options.brokerPort(), options.controllerPort(),
                    options.brokerProperties());
            broker = startedBroker;
            start();
            registry = new LocalSchemaRegistry(dataDir.resolve("registry"), options.registryPort());
        } catch (RuntimeException | Error e) {
            // a start that fails leaves nothing behind: no broker running, no exit trap, no temporary folder
            if (startedBroker != null) {
                startedBroker.close();
            }
            if (trapsExit) {
                releaseExit();
            }
            if (temporary) {
                deleteRecursively(dataDir);
            }
            throw e;
        }
        log.info("Broker kit backend in-process: Kafka on {}, Schema Registry on {}", bootstrapServers(), registry.url());
    }

    /**
     * A broker failing fatally calls Kafka's {@link Exit}; in a test that must fail the caller, not end the JVM. The
     * trap is JVM-wide, so it stays set while any in-process kit is open.
     */
    private static synchronized void trapExit() {
        if (openKits++ == 0) {
            Exit.setExitProcedure((status, message) -> {
                throw new IllegalStateException("Kafka broker asked to exit(" + status + "): " + message);
            });
            Exit.setHaltProcedure((status, message) -> {
                throw new IllegalStateException("Kafka broker asked to halt(" + status + "): " + message);
            });
        }
    }

    private static synchronized void releaseExit() {
        if (--openKits == 0) {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
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
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            registry.close();
            broker.close();
        } finally {
            if (trapsExit) {
                releaseExit();
            }
            if (temporary) {
                deleteRecursively(dataDir);
            }
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.debug("Could not remove {}: {}", root, e.getMessage());
        }
    }
}
