package io.trackstream.ingest.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.awaitility.Awaitility;

/**
 * A real single-node KRaft broker (broker and controller in one) running in this JVM, that can be stopped and
 * started again on the same ports and the same log directory: what a broker restart looks like to a client.
 * spring-kafka-test's embedded broker cannot be restarted with its data, hence this.
 */
final class RestartableKafkaBroker implements AutoCloseable {

    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private final Properties properties;
    private KafkaRaftServer server;

    RestartableKafkaBroker() {
        try {
            this.logDir = Files.createTempDirectory("kraft-restartable-");
            this.brokerPort = freePort();
            this.controllerPort = freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.properties = serverProperties();
        // A broker failing fatally calls Exit; in a test that must fail the test, not kill the JVM.
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka broker asked to exit(" + status + "): " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Kafka broker asked to halt(" + status + "): " + message);
        });
        format();
    }

    String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    synchronized void start() {
        if (server != null) {
            return;
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        server.startup();
        Awaitility.await("broker at " + bootstrapServers() + " serving").atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> {
                    try (Admin admin = admin()) {
                        return !admin.describeCluster().nodes().get().isEmpty();
                    }
                });
    }

    synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    void createTopics(List<String> names) {
        try (Admin admin = admin()) {
            admin.createTopics(names.stream().map(n -> new NewTopic(n, 1, (short) 1)).toList()).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create topics " + names, e);
        }
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
            deleteRecursively(logDir);
        }
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    private void format() {
        Path config = logDir.resolveSibling(logDir.getFileName() + ".properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            properties.store(out, "restartable test broker");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int status = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(),
                "--ignore-formatted"}, new PrintStream(OutputStream.nullOutputStream()));
        if (status != 0) {
            throw new IllegalStateException("Formatting the KRaft storage failed with status " + status);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            Files.deleteIfExists(root.resolveSibling(root.getFileName() + ".properties"));
        } catch (IOException e) {
            // a leftover temp dir under target/ is removed by mvn clean
        }
    }
}
