package io.trackstream.testkit.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) from the {@code kafka_2.13} artifact, run
 * in this JVM, with its data in a folder the user chooses. The folder is formatted on first start and reused after,
 * so a restart keeps topics, offsets and state. Not a test double: the same broker code as production, one node.
 */
final class KraftBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KraftBroker.class);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;

    /**
     * @param dataDir        where the log and metadata live (created if missing)
     * @param port           the client port, 0 for any free one
     * @param controllerPort the KRaft controller port, 0 for any free one
     */
    KraftBroker(Path dataDir, int port, int controllerPort) {
        this(dataDir, port, controllerPort, Map.of());
    }

    /** As above, with broker settings over the defaults (a test's shorter timeouts, say). */
    KraftBroker(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port == 0 ? Ports.free() : port;
        this.controllerPort = controllerPort == 0 ? Ports.free() : controllerPort;
        this.overrides = Map.copyOf(overrides);
    }

    public synchronized KraftBroker start() {
        if (server != null) {
            return this;
        }
        Properties props = serverProperties();
        Path propsFile = dataDir.resolve("server.properties");
        try {
            Files.createDirectories(dataDir);
            try (Writer out = Files.newBufferedWriter(propsFile, StandardCharsets.UTF_8)) {
                props.store(out, "Written by trackstream KraftBroker");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare broker data folder " + dataDir, e);
        }
        requireFree(port, "listener");
        requireFree(controllerPort, "controller");
        formatIfNew(propsFile);
        KafkaRaftServer starting = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            starting.startup();
        } catch (RuntimeException e) {
            starting.shutdown();
            throw new IllegalStateException("The Kafka broker on " + bootstrapServers() + " (controller port "
                    + controllerPort + ") did not start: " + e.getMessage(), e);
        }
        server = starting;
        log.info("Kafka broker (KRaft) listening on {} with data in {}", bootstrapServers(), dataDir);
        return this;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** Controlled shutdown: the broker flushes and closes its logs, so the next start recovers nothing. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        log.info("Kafka broker on {} stopped", bootstrapServers());
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("kraft-logs").toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        p.putAll(overrides);
        return p;
    }

    private void formatIfNew(Path propsFile) {
        if (Files.exists(dataDir.resolve("kraft-logs").resolve("meta.properties"))) {
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        int exit = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", propsFile.toString(), "--ignore-formatted"}, quiet);
        if (exit != 0) {
            throw new IllegalStateException("Formatting the broker's storage in " + dataDir + " failed (exit " + exit + ")");
        }
        log.info("Formatted new KRaft storage in {} (cluster id {})", dataDir, clusterId);
    }

    /**
     * Fails at once, naming the port, when another socket holds it: a broker that cannot bind would otherwise leave
     * its caller waiting on a broker that never answers.
     */
    private static void requireFree(int port, String role) {
        if (!Ports.isFree(port)) {
            throw new IllegalStateException("Cannot start the Kafka broker: its " + role + " port 127.0.0.1:" + port
                    + " is taken");
        }
    }
}
