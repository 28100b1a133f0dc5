package io.trackstream.testkit.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import io.trackstream.testkit.broker.BrokerKit.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/** How the backend is chosen, and that the container backend runs what docker-compose.yml runs. */
class BrokerKitsTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"container, CONTAINER", "in-process, IN_PROCESS", "' In-Process ', IN_PROCESS", "CONTAINER, CONTAINER"})
    void anExplicitBackendIsTakenWhateverDockerSays(String requested, Backend expected) {
        String normalised = BrokerKits.normalised(requested);
        assertThat(BrokerKits.backendFor(normalised, () -> true)).isEqualTo(expected);
        assertThat(BrokerKits.backendFor(normalised, () -> false)).isEqualTo(expected);
    }

    @Test
    void autoAndBlankTakeContainersWhereDockerAnswersAndTheInProcessBrokerElsewhere() {
        for (String requested : new String[] {"auto", "AUTO", "", "  "}) {
            String normalised = BrokerKits.normalised(requested);
            assertThat(BrokerKits.backendFor(normalised, () -> true)).as("'%s' with Docker", requested).isEqualTo(Backend.CONTAINER);
            assertThat(BrokerKits.backendFor(normalised, () -> false)).as("'%s' without", requested).isEqualTo(Backend.IN_PROCESS);
        }
    }

    @Test
    void anythingElseIsRefusedNamingThePropertyAndTheChoices() {
        assertThatThrownBy(() -> BrokerKits.backendFor(BrokerKits.normalised("docker"), () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trackstream.broker must be container, in-process or auto, was docker");
        assertThatThrownBy(() -> BrokerKits.backendFor(BrokerKits.normalised("inprocess"), () -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was inprocess");
    }

    @Test
    void theSystemPropertyChoosesTheBackend() {
        String before = System.getProperty(BrokerKits.PROPERTY);
        try {
            System.setProperty(BrokerKits.PROPERTY, "in-process");
            assertThat(BrokerKits.chosen()).isEqualTo(Backend.IN_PROCESS);
            System.setProperty(BrokerKits.PROPERTY, "kafka");
            assertThatThrownBy(BrokerKits::chosen).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was kafka");
        } finally {
            if (before == null) {
                System.clearProperty(BrokerKits.PROPERTY);
            } else {
                System.setProperty(BrokerKits.PROPERTY, before);
            }
        }
    }

    @Test
    void theContainerBackendRunsTheImagesOfTheComposeFile() throws IOException {
        Map<String, Map<String, Object>> services = composeServices();

        assertThat(services.get("kafka").get("image")).isEqualTo(ContainerBrokerKit.KAFKA_IMAGE);
        assertThat(services.get("schema-registry").get("image")).isEqualTo(ContainerBrokerKit.REGISTRY_IMAGE);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "group.initial.rebalance.delay.ms, KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS",
            "transaction.state.log.min.isr, KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
            "listener.name.internal.ssl.endpoint.identification_algorithm, KAFKA_LISTENER_NAME_INTERNAL_SSL_ENDPOINT_IDENTIFICATION__ALGORITHM",
            "log.cleaner.io-buffer.size, KAFKA_LOG_CLEANER_IO___BUFFER_SIZE"})
    void aBrokerPropertyBecomesTheVariableTheKafkaImageReadsBackAsThatProperty(String property, String variable) {
        assertThat(ContainerBrokerKit.environmentName(property)).isEqualTo(variable);
        assertThat(asTheImageReadsIt(variable)).isEqualTo(property);
    }

    /** The apache/kafka image's wrapper: {@code KAFKA_} off, lower case, {@code _} to {@code .}, {@code ...} to {@code -}, {@code ..} to {@code _}. */
    private static String asTheImageReadsIt(String variable) {
        return variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace("_", ".").replace("...", "-").replace("..", "_");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> composeServices() throws IOException {
        Path compose = repositoryRoot().resolve("docker-compose.yml");
        try (Reader in = Files.newBufferedReader(compose, StandardCharsets.UTF_8)) {
            Map<String, Object> document = new Yaml().load(in);
            return (Map<String, Map<String, Object>>) document.get("services");
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No docker-compose.yml above " + Path.of("").toAbsolutePath());
    }
}
