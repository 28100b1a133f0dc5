package io.trackstream.bench;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/** What the baseline workers share: the processor's guarantee and client settings, and running until SIGTERM. */
final class BaselineStreams {

    private BaselineStreams() {
    }

    /**
     * exactly_once_v2, input read from the start, replication 1, then {@code key=value} Kafka client settings from
     * {@code args[firstSetting]} on (the processor's own, so a baseline runs with the same clients).
     */
    static Properties properties(String bootstrap, String applicationId, int threads, long commitIntervalMs, String stateDir,
                                 String[] args, int firstSetting) {
        Properties props = new Properties();
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        for (int i = firstSetting; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            props.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        return props;
    }

    /** Starts the topology and blocks until SIGTERM, which closes it cleanly (its last transaction committed). */
    static void runUntilStopped(Topology topology, Properties props) throws InterruptedException {
        KafkaStreams streams = new KafkaStreams(topology, props);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(20));
            stopped.countDown();
        }));
        streams.start();
        stopped.await();
    }
}
