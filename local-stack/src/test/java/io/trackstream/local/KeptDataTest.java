package io.trackstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.trackstream.testkit.broker.Ports;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --keep-data} resumes the broker's records and the registry's schemas of the run before, also from a data
 * folder of an earlier version (broker in {@code kafka/}, schemas in {@code schema-registry/}).
 */
class KeptDataTest {

    private static final String TOPIC = "tracking.raw.v1";
    private static final String SUBJECT = TOPIC + "-value";
    private static final String SCHEMA = "{\"schema\": \"{\\\"type\\\": \\\"record\\\", \\\"name\\\": \\\"Kept\\\", "
            + "\\\"fields\\\": [{\\\"name\\\": \\\"text\\\", \\\"type\\\": \\\"string\\\"}]}\"}";

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aKeptDataFolderResumesTheRecordsAndSchemasOfTheRunBefore() throws Exception {
        Path dir = tmp.resolve("data");
        int kafkaPort = Ports.freeWithNext();
        String[] brokerOnly = {"--broker-only", "--data-dir", dir.toString(), "--base-port", "0",
                "--kafka-port", String.valueOf(kafkaPort), "--summary-interval", "0"};

        // Given a run that stored a record and a schema
        try (LocalStackRun first = LocalStackRun.start(LocalStackOptions.parse(brokerOnly), Map.of())) {
            HttpResponse<String> registered = http.send(HttpRequest.newBuilder(URI.create(first.schemaRegistryUrl() + "/subjects/" + SUBJECT + "/versions"))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json").POST(HttpRequest.BodyPublishers.ofString(SCHEMA)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).isEqualTo(200);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    first.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(TOPIC, 0, "elta:ZU500000001GR", "ΠΑΡΑΔΟΘΗΚΕ")).get(30, TimeUnit.SECONDS);
            }
        }
        // and its folder laid out as an earlier version of the local stack kept it
        Files.move(dir.resolve("broker"), dir.resolve("kafka"));
        Files.move(dir.resolve("registry"), dir.resolve("schema-registry"));

        // When the next run keeps the data
        String[] keeping = Stream.concat(Arrays.stream(brokerOnly), Stream.of("--keep-data")).toArray(String[]::new);
        try (LocalStackRun next = LocalStackRun.start(LocalStackOptions.parse(keeping), Map.of())) {
            // Then the record and the schema are there
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", next.bootstrapServers()))) {
                TopicPartition partition = new TopicPartition(TOPIC, 0);
                long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS).get(partition).offset();
                assertThat(end).isEqualTo(1);
            }
            HttpResponse<String> subjects = http.send(HttpRequest.newBuilder(URI.create(next.schemaRegistryUrl() + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.body()).contains(SUBJECT);
        }
        assertThat(dir.resolve("broker")).isDirectory();
        assertThat(dir.resolve("kafka")).doesNotExist();
    }
}
