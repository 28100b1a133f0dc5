package io.trackstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dataflow floor is a baseline only if it does the processor's work in outline: each event applied once, a
 * shipment version per flushed parcel change, a status change per change of the shipment's rank, one auto-close
 * when the last parcel is delivered.
 */
class DataflowFloorWorkerTest {

    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    @TempDir
    Path state;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestInputTopic<byte[], byte[]> registrations;
    private TestOutputTopic<byte[], byte[]> shipments;
    private TestOutputTopic<byte[], byte[]> statusChanges;
    private TestOutputTopic<byte[], byte[]> pollTargets;
    private TestOutputTopic<byte[], byte[]> autoClose;

    @BeforeEach
    void start() throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "floor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(state).toString());
        driver = new TopologyTestDriver(DataflowFloorWorker.topology("raw", "registrations", "out"), props, T0);
        ByteArraySerializer in = new ByteArraySerializer();
        ByteArrayDeserializer out = new ByteArrayDeserializer();
        raw = driver.createInputTopic("raw", in, in);
        registrations = driver.createInputTopic("registrations", in, in);
        shipments = driver.createOutputTopic("out." + DataflowFloorWorker.SHIPMENTS, out, out);
        statusChanges = driver.createOutputTopic("out." + DataflowFloorWorker.STATUS_CHANGES, out, out);
        pollTargets = driver.createOutputTopic("out." + DataflowFloorWorker.POLL_TARGETS, out, out);
        autoClose = driver.createOutputTopic("out." + DataflowFloorWorker.AUTO_CLOSE, out, out);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void appliesEachEventOnceAndAutoClosesWhenEveryParcelIsDelivered() {
        register("ship-1", "elta:ZU000000011GR", "elta:ZU000000012GR");
        assertThat(pollTargets.readRecordsToList()).hasSize(2); // one per assigned parcel
        assertThat(shipments.readRecordsToList()).hasSize(2);   // the shipment, then with its second parcel
        assertThat(statusChanges.readRecordsToList()).hasSize(1); // created

        // A poll returns the whole history: steps 0 and 1, then 0, 1 and 2 again.
        event("elta:ZU000000011GR", 0, 1);
        event("elta:ZU000000011GR", 1, 2);
        flush();
        event("elta:ZU000000011GR", 0, 1);
        event("elta:ZU000000011GR", 1, 2);
        event("elta:ZU000000011GR", 2, 4);
        flush();
        assertThat(shipments.readRecordsToList()).as("one version per flushed parcel change, none for the repeats").hasSize(2);
        assertThat(statusChanges.readRecordsToList()).as("the other parcel has no events yet: rank stays 0").isEmpty();
        assertThat(autoClose.readRecordsToList()).isEmpty();
        assertThat(pollTargets.readRecordsToList()).as("one per flush that took in a new event").hasSize(2);

        event("elta:ZU000000012GR", 0, 4);
        flush();
        event("elta:ZU000000012GR", 0, 4); // delivered again, a repeat
        flush();
        assertThat(statusChanges.readRecordsToList()).as("the shipment is delivered").hasSize(1);
        assertThat(autoClose.readRecordsToList()).extracting(TestRecord::key)
                .containsExactly("ship-1".getBytes(StandardCharsets.UTF_8));
        assertThat(shipments.readRecordsToList()).hasSize(1);
        assertThat(pollTargets.readRecordsToList()).as("the delivery's, none for its repeat").hasSize(1);
        assertThat(driver.getAllStateStores()).as("repeats are found from the parcel, as in the processor")
                .doesNotContainKey("floor-dedupe");
    }

    @Test
    void parcelValuesGrowByHalfOfEachNewEventWhileShipmentsCarryTheNewestOnly() {
        register("ship-2", "elta:ZU000000021GR");
        shipments.readRecordsToList();
        byte[] value = new byte[400];
        raw.pipeInput(new TestRecord<>("elta:ZU000000021GR".getBytes(StandardCharsets.UTF_8), value, header("elta:ZU000000021GR", 0, 1), T0));
        raw.pipeInput(new TestRecord<>("elta:ZU000000021GR".getBytes(StandardCharsets.UTF_8), value, header("elta:ZU000000021GR", 1, 2), T0));
        flush();
        byte[] shipment = shipments.readRecordsToList().get(0).value();
        // tag, rank, parcel count, then key and value each length-prefixed: the shown parcel is its rank and the
        // newest 200-byte entry, while the stored parcel holds both (rank, newest entry's length, key count, the two
        // 16-byte event keys, 2 × 200 bytes)
        ByteBuffer in = ByteBuffer.wrap(shipment, 1, shipment.length - 1);
        assertThat(in.get()).isEqualTo((byte) 2);
        assertThat(in.getInt()).isEqualTo(1);
        in.position(in.position() + 4 + in.getInt(in.position()));
        assertThat(in.getInt()).isEqualTo(1 + 200);
        KeyValueStore<byte[], byte[]> parcels = driver.getKeyValueStore("floor-parcels");
        assertThat(parcels.get("elta:ZU000000021GR".getBytes(StandardCharsets.UTF_8))).hasSize(1 + 4 + 4 + 2 * 16 + 2 * 200);
    }

    private void register(String shipmentId, String... parcelKeys) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DataflowFloorWorker.HEADER, String.join(",", parcelKeys).getBytes(StandardCharsets.UTF_8));
        registrations.pipeInput(new TestRecord<>(shipmentId.getBytes(StandardCharsets.UTF_8), new byte[300], headers, T0));
    }

    private void event(String parcelKey, int step, int rank) {
        raw.pipeInput(new TestRecord<>(parcelKey.getBytes(StandardCharsets.UTF_8), new byte[350], header(parcelKey, step, rank), T0));
    }

    private static RecordHeaders header(String parcelKey, int step, int rank) {
        byte[] key = new byte[16];
        byte[] id = (parcelKey + step).getBytes(StandardCharsets.UTF_8);
        System.arraycopy(id, Math.max(0, id.length - 16), key, 0, Math.min(16, id.length));
        long eventTime = T0.plus(Duration.ofHours(step)).toEpochMilli();
        RecordHeaders headers = new RecordHeaders();
        headers.add(DataflowFloorWorker.HEADER, ByteBuffer.allocate(DataflowFloorWorker.EVENT_HEADER_SIZE).put(key)
                .putLong(eventTime).putLong(eventTime + 60_000).put((byte) rank).array());
        return headers;
    }

    private void flush() {
        driver.advanceWallClockTime(Duration.ofMillis(60));
    }
}
