package io.trackstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state baselines are the passthrough plus state: every event copied, the latest one kept per key in each store. */
class StateBaselineWorkerTest {

    @TempDir
    Path state;

    @Test
    void oneStoreCopiesEveryEventAndKeepsEachParcelsLatest() throws Exception {
        copiesEveryEventAndKeepsTheLatest(false, StateBaselineWorker.PARCELS);
    }

    @Test
    void twoStoresCopyEveryEventThroughTheRepartitionAndKeepTheLatestInTheSecondStore() throws Exception {
        copiesEveryEventAndKeepsTheLatest(true, StateBaselineWorker.SHIPMENTS);
    }

    private void copiesEveryEventAndKeepsTheLatest(boolean twoStores, String store) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "state-baseline-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(state).toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(StateBaselineWorker.topology("raw", "out", twoStores), props)) {
            TestInputTopic<byte[], byte[]> raw = driver.createInputTopic("raw", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic("out", new ByteArrayDeserializer(), new ByteArrayDeserializer());

            raw.pipeInput(bytes("elta:RE123456789GR"), bytes("Αποστολή παραλήφθηκε"));
            raw.pipeInput(bytes("elta:RE123456789GR"), bytes("Αποστολή παραδόθηκε"));
            raw.pipeInput(bytes("acs:RE123456789GR"), bytes("Αποστολή παραλήφθηκε"));

            assertThat(out.readValuesToList()).extracting(StateBaselineWorkerTest::text)
                    .containsExactly("Αποστολή παραλήφθηκε", "Αποστολή παραδόθηκε", "Αποστολή παραλήφθηκε");
            KeyValueStore<byte[], byte[]> parcels = driver.getKeyValueStore(store);
            assertThat(text(parcels.get(bytes("elta:RE123456789GR")))).isEqualTo("Αποστολή παραδόθηκε");
            assertThat(text(parcels.get(bytes("acs:RE123456789GR")))).isEqualTo("Αποστολή παραλήφθηκε");
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
