package io.trackstream.local.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The demo's shipments and the simulated clock that moves them through their lives. Lives take about three hours
 * of simulated time; at the default speed of 60 (one simulated minute per real second) that is three real minutes.
 * The mix has what real carriers produce: whole histories re-sent on every poll, events dated out of order, multi-parcel
 * shipments, exceptions, the occasional status code no mapping knows, and a Shopify order that must not be auto-closed.
 */
public final class DemoScenario {

    public static final String TENANT = "store-athens";

    private final List<DemoShipment> shipments;
    private final Instant start;
    private final double speed;
    private final Clock clock;

    private DemoScenario(List<DemoShipment> shipments, Instant start, double speed, Clock clock) {
        this.shipments = List.copyOf(shipments);
        this.start = start;
        this.speed = speed;
        this.clock = clock;
    }

    /**
     * @param count  how many shipments
     * @param speed  simulated seconds per real second
     * @param seed   for the random choices, so a demo can be repeated
     */
    public static DemoScenario generate(int count, double speed, long seed, Clock clock) {
        Random random = new Random(seed);
        List<DemoShipment> shipments = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            shipments.add(shipment(i, random));
        }
        return new DemoScenario(shipments, clock.instant(), speed, clock);
    }

    public List<DemoShipment> shipments() {
        return shipments;
    }

    public Optional<DemoShipment> byProviderReference(String provider, String reference) {
        return shipments.stream().filter(s -> s.provider().equals(provider) && reference.equals(s.providerReference())).findFirst();
    }

    /** Simulated time elapsed since the demo started. */
    public Duration elapsed() {
        long realMillis = Duration.between(start, clock.instant()).toMillis();
        return Duration.ofMillis((long) (realMillis * speed));
    }

    /** The steps of a parcel the carrier already knows about, oldest first. */
    public List<ScriptStep> visibleSteps(DemoShipment.DemoParcel parcel) {
        Duration now = elapsed();
        return parcel.steps().stream().filter(s -> s.at().compareTo(now) <= 0).toList();
    }

    /** When the carrier says a step happened: the demo's start, plus the step's simulated offset, plus its skew. */
    public Instant eventTime(ScriptStep step) {
        return start.plus(step.at()).plus(step.skew());
    }

    public Instant start() {
        return start;
    }

    private static DemoShipment shipment(int i, Random random) {
        String id = String.format("demo-%04d", i);
        String order = String.format("6640c1b2d4e5f6%010d", i);
        String reference = "ORD-" + (1000 + i);
        String channel = i % 7 == 0 ? "shopify" : "web";
        int kind = i % 4;
        return switch (kind) {
            case 0 -> new DemoShipment(TENANT, id, order, reference, channel, "shiplemon", "sl-" + id, "elta", "ELTA Courier", true,
                    List.of(new DemoShipment.DemoParcel(String.format("ZU5%08dGR", i), shiplemonLife(random, i))));
            case 1 -> new DemoShipment(TENANT, id, order, reference, channel, "courier-sync", "ship_" + id, "ups", "UPS", true,
                    List.of(new DemoShipment.DemoParcel(String.format("1Z999AA1%08d", i), courierSyncLife(random))));
            case 2 -> new DemoShipment(TENANT, id, order, reference, channel, "salesive", order, "dhl", "DHL Express", true,
                    List.of(new DemoShipment.DemoParcel(String.format("SB%08d", i), salesiveLife(random))));
            default -> new DemoShipment(TENANT, id, order, reference, channel, "courier-sync", null, "acs", "ACS Courier", false,
                    List.of(new DemoShipment.DemoParcel(String.format("ACS%07dA", i), webhookLife(random, 0)),
                            new DemoShipment.DemoParcel(String.format("ACS%07dB", i), webhookLife(random, 30))));
        };
    }

    private static List<ScriptStep> shiplemonLife(Random random, int i) {
        List<ScriptStep> steps = new ArrayList<>(List.of(
                ScriptStep.at(0, "PRE_TRANSIT", null, "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ"),
                ScriptStep.at(30 + random.nextInt(20), "TRANSIT", null, "ΠΑΡΑΛΑΒΗ ΑΠΟ ΚΑΤΑΣΤΗΜΑ"),
                ScriptStep.at(80 + random.nextInt(20), "TRANSIT", null, "ΕΚΦΟΡΤΩΣΗ ΑΠΟ ΜΕΤΑΦΟΡΙΚΟ ΜΕΣΟ")
                        // The carrier dates this scan before the pick-up: it must join history without moving status back.
                        .skewed(Duration.ofMinutes(-60)),
                ScriptStep.at(130 + random.nextInt(20), "TRANSIT", "WITH_COURIER", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ")));
        if (i % 9 == 0) {
            steps.add(ScriptStep.at(150, "HELD_AT_DEPOT", null, "ΠΑΡΑΜΟΝΗ ΣΤΟ ΚΑΤΑΣΤΗΜΑ"));
        }
        if (random.nextInt(5) == 0) {
            steps.add(ScriptStep.at(160, "EXCEPTION", null, "ΑΠΟΥΣΙΑ ΠΑΡΑΛΗΠΤΗ"));
            steps.add(ScriptStep.at(175, "DELIVERED", null, "ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ"));
        } else {
            steps.add(ScriptStep.at(165 + random.nextInt(10), "DELIVERED", null, "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ"));
        }
        return steps;
    }

    private static List<ScriptStep> courierSyncLife(Random random) {
        return List.of(
                ScriptStep.at(0, "info_received", "info_received_001", "Shipment information received"),
                ScriptStep.at(40 + random.nextInt(20), "in_transit", "in_transit_002", "Departed facility"),
                ScriptStep.at(120 + random.nextInt(20), "out_for_delivery", "out_for_delivery_001", "Out for delivery"),
                ScriptStep.at(160 + random.nextInt(15), "delivered", "delivered_001", "Delivered"));
    }

    private static List<ScriptStep> salesiveLife(Random random) {
        return List.of(
                ScriptStep.at(0, "label_created", null, null),
                ScriptStep.at(40 + random.nextInt(20), "picked_up", null, null),
                ScriptStep.at(80 + random.nextInt(20), "in_transit", null, null),
                ScriptStep.at(140 + random.nextInt(20), "out_for_delivery", null, null),
                ScriptStep.at(170, "delivered", null, null));
    }

    private static List<ScriptStep> webhookLife(Random random, int lag) {
        return List.of(
                ScriptStep.at(lag, "info_received", "info_received_001", "Shipment information received"),
                ScriptStep.at(lag + 30 + random.nextInt(20), "in_transit", "in_transit_001", "Arrived at hub"),
                ScriptStep.at(lag + 100 + random.nextInt(20), "out_for_delivery", "out_for_delivery_003", "With courier"),
                ScriptStep.at(lag + 130 + random.nextInt(10), "delivered", "delivered_001", "Delivered"));
    }
}
