package io.trackstream.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.EventSource;
import io.trackstream.avro.PollTarget;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.contract.EventKey;
import io.trackstream.contract.EventKeyDigest;

/**
 * (f) What pollers that skip known histories spare the broker (issue 21 point 3), in process and without a broker:
 * a day of scheduled polling of N parcels, each re-polled 48 times (every 30 minutes) with its whole Shiplemon-style
 * history (Greek texts), a new carrier event every 2 to 6 polls. Before: every poll publishes its whole history.
 * After: the pollers' own decision ({@link EventKeyDigest#unchanged}) against the digest the processor writes into
 * the parcel's poll target ({@link EventKeyDigest#of} over the keys it holds), which changes only when a published
 * poll brought it a new event. Both are counted in the same run over the same histories; the run checks that the
 * processor still ends the day holding every event the carrier reported.
 */
final class PollSkip {

    static final int POLLS_PER_DAY = 48;
    private static final int MIN_GAP = 2;
    private static final int MAX_GAP = 6;
    private static final String[][] ENTRIES = {
            {"TRANSIT", null, "ΠΑΡΑΛΑΒΗ ΑΠΟ ΚΑΤΑΣΤΗΜΑ"},
            {"TRANSIT", null, "ΑΝΑΧΩΡΗΣΗ ΑΠΟ ΚΕΝΤΡΟ ΔΙΑΛΟΓΗΣ"},
            {"TRANSIT", null, "ΑΦΙΞΗ ΣΕ ΚΕΝΤΡΟ ΔΙΑΛΟΓΗΣ"},
            {"TRANSIT", null, "ΕΚΦΟΡΤΩΣΗ ΑΠΟ ΜΕΤΑΦΟΡΙΚΟ ΜΕΣΟ"},
            {"TRANSIT", "WITH_COURIER", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ"},
            {"EXCEPTION", "DELIVERY_FAILED", "ΑΝΕΠΙΤΥΧΗΣ ΠΑΡΑΔΟΣΗ - ΑΠΩΝ ΠΑΡΑΛΗΠΤΗΣ"}};

    private PollSkip() {
    }

    static void run(int parcels, Report report) {
        report.section("(f) pollers skipping known histories: " + parcels + " parcels, " + POLLS_PER_DAY
                + " polls a day each, a new event every " + MIN_GAP + "-" + MAX_GAP + " polls");
        Random random = new Random(21);
        Instant day = Instant.parse("2026-12-07T00:00:00Z");
        Day before = new Day();
        Day after = new Day();
        long unchangedPolls = 0;
        long targetWrites = 0;
        long decisionNanos = 0;
        long lost = 0;
        for (int n = 0; n < parcels; n++) {
            String tracking = String.format("ZU%09dGR", n);
            List<Entry> history = new ArrayList<>();
            // yesterday's entries: the processor holds them, and its poll target says so
            int known = 1 + random.nextInt(4);
            for (int i = 0; i < known; i++) {
                history.add(entry(tracking, i, day.minusSeconds(3600L * (known - i))));
            }
            Set<String> held = new HashSet<>();
            history.forEach(e -> held.add(e.key()));
            String targetDigest = EventKeyDigest.of(held);
            int nextNew = MIN_GAP + random.nextInt(MAX_GAP - MIN_GAP + 1);
            for (int poll = 0; poll < POLLS_PER_DAY; poll++) {
                if (poll == nextNew) {
                    history.add(entry(tracking, history.size(), day.plusSeconds(1800L * poll - 600)));
                    nextNew += MIN_GAP + random.nextInt(MAX_GAP - MIN_GAP + 1);
                }
                List<RawTrackingEvent> polled = history.stream().map(Entry::raw).toList();
                before.published(history);
                long start = System.nanoTime();
                boolean unchanged = EventKeyDigest.unchanged(targetDigest, polled);
                decisionNanos += System.nanoTime() - start;
                if (unchanged) {
                    unchangedPolls++;
                    continue;
                }
                after.published(history);
                // the processor applies the new events and, having new keys, writes the target with their digest
                boolean grew = false;
                for (RawTrackingEvent e : polled) {
                    grew |= held.add(EventKey.of(e));
                }
                if (grew) {
                    targetDigest = EventKeyDigest.of(held);
                    targetWrites++;
                }
            }
            for (Entry e : history) {
                if (!held.contains(e.key())) {
                    lost++;
                }
            }
        }
        long polls = (long) parcels * POLLS_PER_DAY;
        report.figure("(f) %,d polls a day: raw events published BEFORE %,d (%,.1f MB), AFTER %,d (%,.1f MB): %.1f %% of before, "
                        + "%.1f raw events per parcel a day instead of %.1f",
                polls, before.events, before.bytes / 1e6, after.events, after.bytes / 1e6, 100.0 * after.events / before.events,
                (double) after.events / parcels, (double) before.events / parcels);
        report.figure("(f) polls unchanged %,d of %,d (%.1f %%); the price: %,d poll-target records (%,.1f MB) written for "
                        + "new events (before: one per status change); poller's decision %.1f µs per poll (digest of the polled history)",
                unchangedPolls, polls, 100.0 * unchangedPolls / polls, targetWrites, targetWrites * (double) pollTargetBytes() / 1e6,
                decisionNanos / 1e3 / polls);
        report.figure("(f) check %s: %,d carrier events the processor does not hold at the end of the day",
                lost == 0 ? "OK" : "FAILED", lost);
    }

    /** A poll target as the processor writes it, with a digest, in Avro's binary encoding. */
    private static int pollTargetBytes() {
        PollTarget target = PollTarget.newBuilder()
                .setParcelKey("elta:ZU000000001GR").setTenant("store-athens").setShipmentId("shp-000000001")
                .setOrderId("6640c1b2d4e5f60102030406").setCarrier("elta").setTrackingNumber("ZU000000001GR")
                .setProvider("shiplemon").setProviderReference("be96511d-ba23-4268-bd8b-48c9cf930222")
                .setCarrierAccount(null).setCurrentStatus(CanonicalStatus.IN_TRANSIT)
                .setLastEventTime(Instant.parse("2026-12-07T09:45:00Z")).setUpdatedAt(Instant.parse("2026-12-07T10:05:00Z"))
                .setEventKeyDigest(EventKeyDigest.of(List.of(EventKey.of("elta", "ZU000000001GR", "TRANSIT",
                        Instant.parse("2026-12-07T09:45:00Z"), "ΠΡΟΣ ΠΑΡΑΔΟΣΗ"))))
                .build();
        try {
            return target.toByteBuffer().remaining();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Entry entry(String tracking, int index, Instant eventTime) {
        String[] e = ENTRIES[index % ENTRIES.length];
        RawTrackingEvent raw = RawTrackingEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setSource(EventSource.POLL)
                .setProvider("shiplemon").setCarrier("elta").setTrackingNumber(tracking)
                .setCarrierStatusCode(e[0]).setCarrierSubstatus(e[1]).setCarrierStatusText(e[2])
                .setEventTime(eventTime).setReceivedTime(eventTime.plusSeconds(900))
                .setCarrierName("ELTA Courier").setProviderReference("sl-" + tracking)
                .setTrackingUrl("https://www.elta-courier.gr/search?br=" + tracking)
                .setRawPayload(ByteBuffer.wrap(("{\"status\":\"" + e[0] + "\",\"status_exact\":" + (e[1] == null ? "null" : "\"" + e[1] + "\"")
                        + ",\"status_date\":\"" + eventTime + "\",\"status_details\":\"" + e[2] + "\"}").getBytes(StandardCharsets.UTF_8)))
                .build();
        try {
            return new Entry(raw, EventKey.of(raw), raw.toByteBuffer().remaining());
        } catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A carrier entry, its key as the processor files it, and its size in Avro's binary encoding. */
    private record Entry(RawTrackingEvent raw, String key, int bytes) {
    }

    private static final class Day {
        long events;
        long bytes;

        void published(List<Entry> history) {
            events += history.size();
            for (Entry e : history) {
                bytes += e.bytes();
            }
        }
    }
}
