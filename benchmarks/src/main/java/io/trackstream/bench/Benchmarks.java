package io.trackstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.trackstream.local.LocalKafkaBroker;
import io.trackstream.serde.AvroSerdeConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * trackstream's benchmarks, on a real broker started by this process, each against a baseline measured in the same
 * run. Usage: {@code ./benchmarks/run.sh [--events N] [--partitions N]}.
 */
public final class Benchmarks {

    static final String RAW = "tracking.raw.v1";
    static final String REGISTRATIONS = "shipments.registrations.v1";

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        int events = intArg(args, "--events", 1_000_000);
        int partitions = intArg(args, "--partitions", 4);
        Path dataDir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "trackstream-bench");
        System.out.printf("trackstream benchmarks: %d events, %d partitions, exactly_once_v2, %d cores, max heap %d MB%n",
                events, partitions, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        try (LocalKafkaBroker broker = new LocalKafkaBroker(dataDir, 0, 0).start();
                Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<String, String> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://benchmarks");
            ProcessorThroughput.run(broker, admin, serde, events, partitions);
        }
    }

    static Properties streamsProps(LocalKafkaBroker broker, String applicationId, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        return props;
    }

    /** A byte-array passthrough: the most a Streams app can do on this broker, partitions and guarantee. */
    static Topology passthrough(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    static void createTopics(Admin admin, int partitions, List<String> deleteTopics, List<String> compactTopics) throws Exception {
        List<NewTopic> topics = new java.util.ArrayList<>();
        deleteTopics.forEach(t -> topics.add(new NewTopic(t, partitions, (short) 1)));
        compactTopics.forEach(t -> topics.add(new NewTopic(t, partitions, (short) 1).configs(Map.of("cleanup.policy", "compact"))));
        admin.createTopics(topics).all().get();
    }

    static void produce(LocalKafkaBroker broker, List<ProducerRecord<String, byte[]>> records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 131072);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r);
            }
            producer.flush();
        }
    }

    static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

    static double perSecond(long count, long nanos) {
        return count / (nanos / 1e9);
    }

    static Duration limit() {
        return Duration.ofMinutes(20);
    }
}
