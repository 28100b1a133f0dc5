package io.trackstream.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docs/asyncapi.yaml is the published description of the topics; it must say what the code does: the same topics
 * as the catalog the apps and the broker set-up use, with their partitions and cleanup policies, and for each Avro
 * value a schema file that exists and defines the record the catalog names.
 */
class AsyncApiDocumentTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Path DOCUMENT = ROOT.resolve("docs/asyncapi.yaml");

    @Test
    @SuppressWarnings("unchecked")
    void describesExactlyTheTopicsOfTheCatalogWithTheirSchemas() throws IOException {
        Map<String, Object> doc = load(DOCUMENT);
        assertThat(doc.get("asyncapi")).isEqualTo("3.0.0");
        Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) doc.get("channels");
        Map<String, Map<String, Object>> messages = (Map<String, Map<String, Object>>) ((Map<String, Object>) doc.get("components")).get("messages");

        Map<String, Map<String, Object>> byAddress = new TreeMap<>();
        channels.values().forEach(channel -> byAddress.put((String) channel.get("address"), channel));
        assertThat(byAddress.keySet()).containsExactlyInAnyOrderElementsOf(
                TopicCatalog.defaults().topics().stream().map(TopicSpec::name).toList());

        for (TopicSpec topic : TopicCatalog.defaults().topics()) {
            Map<String, Object> channel = byAddress.get(topic.name());
            Map<String, Object> kafka = (Map<String, Object>) ((Map<String, Object>) channel.get("bindings")).get("kafka");
            assertThat(kafka.get("partitions")).as("partitions of %s", topic.name()).isEqualTo(topic.partitions());
            assertThat((List<String>) ((Map<String, Object>) kafka.get("topicConfiguration")).get("cleanup.policy"))
                    .as("cleanup.policy of %s", topic.name()).containsExactly(topic.cleanupPolicy());

            Map<String, Object> messageRefs = (Map<String, Object>) channel.get("messages");
            assertThat(messageRefs).as("messages of %s", topic.name()).hasSize(1);
            String ref = (String) ((Map<String, Object>) messageRefs.values().iterator().next()).get("$ref");
            Map<String, Object> message = messages.get(ref.substring(ref.lastIndexOf('/') + 1));
            assertThat(message).as("message %s of %s", ref, topic.name()).isNotNull();
            Map<String, Object> payload = (Map<String, Object>) message.get("payload");
            if (payload.containsKey("schema")) {
                Path avsc = DOCUMENT.getParent().resolve((String) ((Map<String, Object>) payload.get("schema")).get("$ref")).normalize();
                assertThat(avsc).as("schema file of %s", topic.name()).isRegularFile();
                // The files name each other's types, so read just the record's own name (JSON is YAML).
                assertThat(load(avsc).get("name")).as("record in %s", avsc.getFileName()).isEqualTo(topic.value());
            } else {
                assertThat(topic.name()).as("only the notifier's own topics carry other topics' bytes or no Avro")
                        .isIn("orders.notifier.dlt.v1", "orders.notifier.replay.v1", "orders.notifier.shop-versions.v1",
                                "orders.notifier.retry.v1");
            }
        }
    }

    private static Map<String, Object> load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }
}
