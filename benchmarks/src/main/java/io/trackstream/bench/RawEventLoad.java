package io.trackstream.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.trackstream.avro.EventSource;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RegisteredParcel;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.contract.ParcelKey;
import io.trackstream.serde.SpecificAvroSerializer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Realistic processor input, pre-serialised so generating it costs nothing during the measurement: shipments of one
 * to three parcels, each parcel's life of five Shiplemon-style events with Greek texts, delivered to Kafka as pollers
 * do it: every poll re-sends the whole history so far, so about half of all events are duplicates.
 */
public final class RawEventLoad {

    private static final String[][] LIFE = {
            {"PRE_TRANSIT", null, "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ"},
            {"TRANSIT", null, "ΠΑΡΑΛΑΒΗ ΑΠΟ ΚΑΤΑΣΤΗΜΑ"},
            {"TRANSIT", null, "ΕΚΦΟΡΤΩΣΗ ΑΠΟ ΜΕΤΑΦΟΡΙΚΟ ΜΕΣΟ"},
            {"TRANSIT", "WITH_COURIER", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ"},
            {"DELIVERED", null, "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ"}};

    /** Each step's canonical status, ranked: pre-transit 1, in transit 2, out for delivery 3, delivered 4. */
    private static final byte[] STATUS_RANKS = {1, 2, 2, 3, 4};
    private static final ThreadLocal<java.security.MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    public final List<ProducerRecord<String, byte[]>> registrations = new ArrayList<>();
    public final List<ProducerRecord<String, byte[]>> events = new ArrayList<>();
    /** The same records, with a header for the dataflow floor, for topics of its own (the others carry no headers). */
    public final List<ProducerRecord<String, byte[]>> floorRegistrations = new ArrayList<>();
    public final List<ProducerRecord<String, byte[]>> floorEvents = new ArrayList<>();
    private final List<Timed> timed = new ArrayList<>();
    public long distinctEvents;
    public int shipments;
    /** Shipments whose sales channel is auto-closed (all but Shopify's): one auto-close request each. */
    public int autoClosed;

    /**
     * @param targetEvents about how many raw events to make
     */
    public static RawEventLoad generate(int targetEvents, String rawTopic, String registrationTopic, String floorRawTopic,
                                        String floorRegistrationTopic, Map<String, ?> serdeConfig, long seed) {
        SpecificAvroSerializer<RawTrackingEvent> rawSerializer = new SpecificAvroSerializer<>();
        rawSerializer.configure(serdeConfig, false);
        SpecificAvroSerializer<ShipmentRegistration> registrationSerializer = new SpecificAvroSerializer<>();
        registrationSerializer.configure(serdeConfig, false);
        Random random = new Random(seed);
        RawEventLoad load = new RawEventLoad();
        // Shipments start 7 s apart, all in the past (the broker refuses records dated in the future).
        Instant base = Instant.now().minusSeconds(7L * (targetEvents / 9 + 1) + 86_400);
        // Polls at steps 1, 3 and 5 of five send 1 + 3 + 5 = 9 events for 5 distinct ones: 44% duplicates.
        int[] pollsAfterStep = {1, 3, 5};
        while (load.timed.size() < targetEvents) {
            int n = ++load.shipments;
            String shipmentId = "bench-" + n;
            int parcels = 1 + random.nextInt(3);
            Instant registeredAt = base.plusSeconds(n * 7L - 600);
            List<RegisteredParcel> registered = new ArrayList<>();
            for (int p = 0; p < parcels; p++) {
                String tracking = String.format("ZU%09d%dGR", n, p);
                registered.add(RegisteredParcel.newBuilder().setTrackingNumber(tracking).build());
                Instant parcelStart = base.plusSeconds(n * 7L + p * 60L);
                for (int polled : pollsAfterStep) {
                    Instant received = parcelStart.plusSeconds(polled * 3600L + 300);
                    for (int step = 0; step < polled; step++) {
                        String[] e = LIFE[step];
                        RawTrackingEvent event = RawTrackingEvent.newBuilder()
                                .setEventId(UUID.randomUUID().toString()).setSource(EventSource.POLL)
                                .setProvider("shiplemon").setCarrier("elta").setTrackingNumber(tracking)
                                .setCarrierStatusCode(e[0]).setCarrierSubstatus(e[1]).setCarrierStatusText(e[2])
                                .setEventTime(parcelStart.plusSeconds(step * 3600L)).setReceivedTime(received)
                                .setCarrierName("ELTA Courier").setProviderReference("sl-" + shipmentId)
                                .setTrackingUrl("https://www.elta-courier.gr/search?br=" + tracking)
                                // one poll is one batch, as the pollers stamp it
                                .setBatchId("poll-" + tracking + "-" + polled).setBatchSize(polled)
                                .setRawPayload(ByteBuffer.wrap(("{\"status\":\"" + e[0] + "\",\"status_details\":\"" + e[2] + "\"}").getBytes(StandardCharsets.UTF_8)))
                                .build();
                        String key = ParcelKey.of("elta", tracking).toString();
                        byte[] value = rawSerializer.serialize(rawTopic, event);
                        load.timed.add(new Timed(received.toEpochMilli(), new ProducerRecord<>(rawTopic, key, value),
                                new ProducerRecord<>(floorRawTopic, null, null, key, value, floorHeaders(tracking, step, event))));
                    }
                }
                load.distinctEvents += LIFE.length;
            }
            ShipmentRegistration registration = ShipmentRegistration.newBuilder()
                    .setTenant("bench").setShipmentId(shipmentId).setOrderId("order-" + n).setPartnerOrderReference("ORD-" + n)
                    .setSalesChannel(n % 5 == 0 ? "shopify" : "web").setCarrier("elta").setProvider("shiplemon")
                    .setProviderReference("sl-" + shipmentId).setParcels(registered)
                    .setRegisteredAt(registeredAt).setUpdatedAt(registeredAt).build();
            if (n % 5 != 0) {
                load.autoClosed++;
            }
            // Dated when the shipment was registered, before its parcels' first events: Kafka Streams takes a task's
            // records in timestamp order, so a registration dated "now" would be applied after every event.
            byte[] value = registrationSerializer.serialize(registrationTopic, registration);
            load.registrations.add(new ProducerRecord<>(registrationTopic, null, registeredAt.toEpochMilli(), shipmentId, value));
            RecordHeaders parcelKeys = new RecordHeaders();
            parcelKeys.add(DataflowFloorWorker.HEADER, registered.stream().map(p -> ParcelKey.of("elta", p.getTrackingNumber()).toString())
                    .collect(java.util.stream.Collectors.joining(",")).getBytes(StandardCharsets.UTF_8));
            load.floorRegistrations.add(new ProducerRecord<>(floorRegistrationTopic, null, registeredAt.toEpochMilli(), shipmentId,
                    value, parcelKeys));
        }
        // Polls of many parcels interleave in time, as they do in production.
        load.timed.sort(java.util.Comparator.comparingLong(Timed::received));
        load.timed.forEach(t -> {
            load.events.add(t.record());
            load.floorEvents.add(t.floorRecord());
        });
        load.timed.clear();
        return load;
    }

    /**
     * What {@link DataflowFloorWorker} must know of an event without decoding it, in one header: a 16-byte event key
     * (the processor's is 16 bytes of SHA-256 too), the event and receipt times, the status rank.
     */
    private static RecordHeaders floorHeaders(String tracking, int step, RawTrackingEvent event) {
        byte[] digest = SHA256.get().digest((tracking + ":" + step).getBytes(StandardCharsets.UTF_8));
        RecordHeaders headers = new RecordHeaders();
        headers.add(DataflowFloorWorker.HEADER, ByteBuffer.allocate(DataflowFloorWorker.EVENT_HEADER_SIZE).put(digest, 0, 16)
                .putLong(event.getEventTime().toEpochMilli()).putLong(event.getReceivedTime().toEpochMilli()).put(STATUS_RANKS[step])
                .array());
        return headers;
    }

    private record Timed(long received, ProducerRecord<String, byte[]> record, ProducerRecord<String, byte[]> floorRecord) {
    }

    public double duplicateShare() {
        return 1.0 - (double) distinctEvents / events.size();
    }
}
