package io.trackstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.trackstream.serde.AvroSerdeConfig;
import io.trackstream.serde.SpecificAvroSerializer;
import io.trackstream.testkit.broker.BrokerKit;
import io.trackstream.testkit.broker.BrokerKitOptions;
import io.trackstream.testkit.broker.BrokerKits;
import io.trackstream.topics.TopicCatalog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What one benchmark part runs on: a fresh real KRaft broker in this JVM (the same broker code as production, one
 * node), a Schema Registry speaking the Confluent REST API (the apps are separate processes and must agree on schema
 * ids), every topic of the contract, and a folder that is deleted at the end. Broker and registry are the broker kit's
 * in-process backend whatever {@code trackstream.broker} says: the figures in BENCHMARKS.md measure that broker, on
 * the part's own ports ({@link BenchOptions#port}).
 */
final class BenchStack implements AutoCloseable {

    final Path dir;
    final BrokerKit broker;
    final Admin admin;
    final int partitions;

    private BenchStack(Path dir, BrokerKit broker, int partitions) {
        this.dir = dir;
        this.broker = broker;
        this.partitions = partitions;
        this.admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    static BenchStack start(BenchOptions options, char part) throws IOException {
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "bench-" + part + "-");
        BrokerKit broker = BrokerKits.startInProcess(BrokerKitOptions.defaults().withDataDir(dir)
                .withPorts(options.port(part, 0), options.port(part, 1), options.port(part, 2)));
        broker.createTopics(TopicCatalog.defaults().withPartitions(options.partitions()));
        BenchStack stack = new BenchStack(dir, broker, options.partitions());
        stack.keepForever();
        return stack;
    }

    /**
     * The load is dated up to weeks in the past (carrier time), and outputs keep their input's timestamp, so with
     * the 7-day default the broker would roll and delete output segments during the run and the checks afterwards
     * would miss records. Benchmark topics keep everything; the run deletes the whole folder at the end.
     */
    private void keepForever() {
        try {
            Collection<String> topics = admin.listTopics().names().get();
            Map<org.apache.kafka.common.config.ConfigResource, Collection<org.apache.kafka.clients.admin.AlterConfigOp>> changes = new HashMap<>();
            for (String topic : topics) {
                changes.put(new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic),
                        List.of(new org.apache.kafka.clients.admin.AlterConfigOp(new org.apache.kafka.clients.admin.ConfigEntry("retention.ms", "-1"),
                                org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET)));
            }
            admin.incrementalAlterConfigs(changes).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting retention.ms=-1 on the benchmark's topics", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Cannot set retention.ms=-1 on the benchmark's topics: " + e.getMessage(), e);
        }
    }

    String bootstrap() {
        return broker.bootstrapServers();
    }

    Map<String, Object> serdeConfig() {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, broker.schemaRegistryUrl());
    }

    void createTopic(String name) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(Map.of("retention.ms", "-1")))).all().get();
    }

    /** A producer for loading many records as fast as the broker takes them (acks=all, large batches). */
    KafkaProducer<String, byte[]> bulkProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 262144);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** A serializer of Avro records that registers their schemas with this stack's registry. */
    <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroSerializer<T> avroSerializer() {
        SpecificAvroSerializer<T> serializer = new SpecificAvroSerializer<>();
        serializer.configure(serdeConfig(), false);
        return serializer;
    }

    /** Sends pre-serialised records as fast as the broker takes them (acks=all, large batches); returns records/s. */
    double produce(List<ProducerRecord<String, byte[]>> records) {
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = bulkProducer()) {
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r);
            }
            producer.flush();
        }
        return records.size() / ((System.nanoTime() - start) / 1e9);
    }

    Map<TopicPartition, Long> endOffsets(Collection<String> topics) throws Exception {
        Set<TopicPartition> tps = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toSet());
        return admin.listOffsets(tps.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get()
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    long sum(Map<TopicPartition, Long> offsets, String topic) {
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic)).mapToLong(Map.Entry::getValue).sum();
    }

    /** The committed offsets of a consumer group (a Streams app's application.id), by partition. */
    Map<TopicPartition, Long> committed(String group) throws Exception {
        Map<TopicPartition, Long> out = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()) {
            if (e.getValue() != null) {
                out.put(e.getKey(), e.getValue().offset());
            }
        }
        return out;
    }

    /** The partitions each member of a consumer group holds now, by the member's client id. */
    Map<String, Set<TopicPartition>> assignments(String group) throws Exception {
        Map<String, Set<TopicPartition>> byClient = new java.util.TreeMap<>();
        for (org.apache.kafka.clients.admin.MemberDescription member : admin.describeConsumerGroups(List.of(group)).all().get().get(group).members()) {
            byClient.computeIfAbsent(member.clientId(), c -> new java.util.HashSet<>()).addAll(member.assignment().topicPartitions());
        }
        return byClient;
    }

    /** A consumer of raw bytes that reads only committed transactions, as downstream services do. */
    KafkaConsumer<byte[], byte[]> committedReader(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> tps = new ArrayList<>();
        // A topic just created may have no metadata yet: an empty assignment would kill the reader's first poll.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (tps.isEmpty()) {
            consumer.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
            if (tps.isEmpty() && System.nanoTime() > deadline) {
                consumer.close();
                throw new IllegalStateException("Topic " + topic + " has no partitions after 60 s");
            }
            if (tps.isEmpty()) {
                java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(100).toNanos());
            }
        }
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        return consumer;
    }

    /** Stops everything and deletes the data; the apps' logs are kept in benchmarks/target/bench-logs/. */
    @Override
    public void close() {
        admin.close();
        broker.close();
        Path logs = dir.resolve("logs");
        if (Files.isDirectory(logs)) {
            Path keep = Path.of("benchmarks", "target", "bench-logs", dir.getFileName().toString());
            try {
                Files.createDirectories(keep.getParent());
                Files.move(logs, keep);
            } catch (IOException e) {
                System.err.println("Could not keep the logs of " + dir + ": " + e);
            }
        }
        deleteRecursively(dir);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
