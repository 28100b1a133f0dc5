package io.trackstream.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/asyncapi.yaml describes the topic contract for people and tools; the catalog (topics.yml) is what creates the
 * topics. They must say the same: the same channels, partitions and cleanup policies, each channel's messages the
 * catalog's value type, and every referenced Avro file a schema of this module.
 */
class AsyncApiDocumentTest {

    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Path DOCUMENT = ROOT.resolve("docs/asyncapi.yaml");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document() throws IOException {
        return new Yaml().load(Files.readString(DOCUMENT));
    }

    @Test
    @SuppressWarnings("unchecked")
    void channelsAreTheCatalogsTopicsWithTheirPartitionsAndCleanupPolicies() throws IOException {
        Map<String, Object> doc = document();
        assertThat(doc.get("asyncapi").toString()).startsWith("2.6");
        Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) doc.get("channels");

        assertThat(channels.keySet()).containsExactlyInAnyOrderElementsOf(
                TopicCatalog.defaults().topics().stream().map(TopicSpec::name).toList());
        for (TopicSpec topic : TopicCatalog.defaults().topics()) {
            Map<String, Object> kafka = (Map<String, Object>) ((Map<String, Object>) channels.get(topic.name()).get("bindings")).get("kafka");
            assertThat(kafka.get("partitions")).as("partitions of %s", topic.name()).isEqualTo(topic.partitions());
            Map<String, Object> config = (Map<String, Object>) kafka.get("topicConfiguration");
            assertThat((List<String>) config.get("cleanup.policy")).as("cleanup.policy of %s", topic.name())
                    .containsExactly(topic.cleanupPolicy());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachChannelCarriesTheCatalogsValueTypeWithAStringKey() throws IOException {
        Map<String, Object> doc = document();
        Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) doc.get("channels");
        Map<String, Map<String, Object>> messages = (Map<String, Map<String, Object>>) ((Map<String, Object>) doc.get("components")).get("messages");

        for (TopicSpec topic : TopicCatalog.defaults().topics()) {
            Map<String, Object> message = (Map<String, Object>) ((Map<String, Object>) channels.get(topic.name()).get("subscribe")).get("message");
            List<String> refs = new ArrayList<>();
            if (message.containsKey("oneOf")) {
                ((List<Map<String, Object>>) message.get("oneOf")).forEach(m -> refs.add(m.get("$ref").toString()));
            } else {
                refs.add(message.get("$ref").toString());
            }
            List<String> names = refs.stream().map(r -> r.substring(r.lastIndexOf('/') + 1)).toList();
            assertThat(messages.keySet()).as("messages of %s", topic.name()).containsAll(names);
            // The catalog names the value type, or for the dead letter topic says which originals it carries.
            names.forEach(n -> assertThat(topic.value()).as("value of %s", topic.name()).contains(n));
            for (String name : names) {
                Map<String, Object> kafka = (Map<String, Object>) ((Map<String, Object>) messages.get(name).get("bindings")).get("kafka");
                assertThat(((Map<String, Object>) kafka.get("key")).get("type")).as("key of %s", name).isEqualTo("string");
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyReferencedAvroFileIsASchemaOfTheRecordItNames() throws IOException {
        Map<String, Map<String, Object>> messages = (Map<String, Map<String, Object>>) ((Map<String, Object>) document().get("components")).get("messages");
        assertThat(messages).isNotEmpty();
        for (Map.Entry<String, Map<String, Object>> message : messages.entrySet()) {
            String ref = ((Map<String, Object>) message.getValue().get("payload")).get("$ref").toString();
            Path avsc = DOCUMENT.getParent().resolve(ref).normalize();
            assertThat(avsc).as("payload of %s", message.getKey()).isRegularFile();
            assertThat(avsc.getParent()).isEqualTo(ROOT.resolve("schemas/src/main/avro"));
            // The file's record is the one the message names, and the generated class (what the serde writes) has it.
            Map<String, Object> record = new Yaml().load(Files.readString(avsc));
            assertThat(record.get("name")).as("record in %s", avsc.getFileName()).isEqualTo(message.getKey());
            Schema generated = generatedSchema(record.get("namespace") + "." + record.get("name"));
            assertThat(generated.getType()).isEqualTo(Schema.Type.RECORD);
            assertThat(message.getValue().get("schemaFormat").toString()).startsWith("application/vnd.apache.avro");
        }
    }

    private static Schema generatedSchema(String className) {
        try {
            return (Schema) Class.forName(className).getField("SCHEMA$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no generated class " + className, e);
        }
    }
}
