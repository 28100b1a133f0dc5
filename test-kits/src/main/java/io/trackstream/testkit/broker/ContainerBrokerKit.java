package io.trackstream.testkit.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;


/**
 * {@link BrokerKit.Backend#CONTAINER}: the images docker-compose.yml runs, {@code apache/kafka} in KRaft mode and
 * Confluent's Schema Registry, on a network of their own. {@link #stop()} pauses the broker's container (clients see
 * it gone; its address and data stay), {@link #start()} resumes it.
 */
final class ContainerBrokerKit implements BrokerKit {

    /** The images of docker-compose.yml; a test keeps the two in step. */
    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    static final String REGISTRY_IMAGE = "confluentinc/cp-schema-registry:7.9.0";

    private static final Logger log = LoggerFactory.getLogger(ContainerBrokerKit.class);
    private static final String KAFKA_ALIAS = "kafka";
    private static final String INTERNAL_LISTENER = KAFKA_ALIAS + ":19092";

    private final Network network;
    private final KafkaContainer kafka;
    private final GenericContainer<?> registry;

    private ContainerBrokerKit(Network network, KafkaContainer kafka, GenericContainer<?> registry) {
        this.network = network;
        this.kafka = kafka;
        this.registry = registry;
    }

    /**
     * True when Docker answers. Asked of Testcontainers only where a Docker endpoint may exist (DOCKER_HOST, a
     * Testcontainers config, a socket at a usual place): without one it logs an error per attempt, noise on hosts that
     * simply have no Docker.
     */
    static boolean dockerAvailable() {
        if (!mayHaveDocker()) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean mayHaveDocker() {
        String home = System.getProperty("user.home", "");
        String runtime = System.getenv().getOrDefault("XDG_RUNTIME_DIR", "");
        return !System.getenv().getOrDefault("DOCKER_HOST", "").isBlank()
                || Stream.of("/var/run/docker.sock", "/run/docker.sock", home + "/.docker/run/docker.sock",
                        home + "/.testcontainers.properties", runtime + "/docker.sock")
                        .anyMatch(path -> !path.startsWith("/docker.sock") && Files.exists(Path.of(path)));
    }

    static BrokerKit start(BrokerKitOptions options) {
        Network network = Network.newNetwork();
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE).withNetwork(network).withNetworkAliases(KAFKA_ALIAS)
                .withListener(INTERNAL_LISTENER)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        options.brokerProperties().forEach((name, value) -> kafka.withEnv(environmentName(name), value));
        GenericContainer<?> registry = new GenericContainer<>(REGISTRY_IMAGE).withNetwork(network)
                .withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + INTERNAL_LISTENER)
                .withEnv("SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL", "backward")
                .dependsOn(kafka)
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(START_TIMEOUT));
        try {
            kafka.start();
            registry.start();
        } catch (RuntimeException e) {
            registry.stop();
            kafka.stop();
            network.close();
            throw new IllegalStateException("The broker kit's containers did not start: " + e.getMessage(), e);
        }
        ContainerBrokerKit kit = new ContainerBrokerKit(network, kafka, registry);
        log.info("Broker kit backend container: Kafka ({}) on {}, Schema Registry ({}) on {}", KAFKA_IMAGE,
                kit.bootstrapServers(), REGISTRY_IMAGE, kit.schemaRegistryUrl());
        return kit;
    }

    /**
     * {@code group.initial.rebalance.delay.ms} → {@code KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS}, as the image's wrapper
     * reads it back: it turns {@code _} into {@code .}, then {@code ...} into {@code -} and {@code ..} into {@code _}.
     */
    static String environmentName(String brokerProperty) {
        return "KAFKA_" + brokerProperty.toUpperCase(Locale.ROOT).replace("_", "__").replace("-", "___").replace('.', '_');
    }

    @Override
    public Backend backend() {
        return Backend.CONTAINER;
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
    }

    @Override
    public void stop() {
        if (!paused()) {
            kafka.getDockerClient().pauseContainerCmd(kafka.getContainerId()).exec();
        }
    }

    @Override
    public void start() {
        if (paused()) {
            kafka.getDockerClient().unpauseContainerCmd(kafka.getContainerId()).exec();
        }
        Topics.awaitServing(this);
    }

    private boolean paused() {
        return Boolean.TRUE.equals(kafka.getDockerClient().inspectContainerCmd(kafka.getContainerId()).exec().getState().getPaused());
    }

    @Override
    public void close() {
        try {
            registry.stop();
            if (kafka.isRunning() && paused()) {
                // a paused container cannot be stopped on every Docker version
                kafka.getDockerClient().unpauseContainerCmd(kafka.getContainerId()).exec();
            }
            kafka.stop();
        } finally {
            network.close();
        }
    }
}
