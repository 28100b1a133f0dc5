package io.trackstream.testkit.carrier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The demo's shipments and the simulated clock that moves them through their lives. A life takes about three hours
 * of simulated time; at the default speed of 60 (one simulated minute per real second) that is three real minutes.
 * The mix has what real carriers produce: whole histories re-sent on every poll, events dated out of order,
 * multi-parcel shipments, exceptions, the occasional status code no mapping knows, and Shopify orders that must not
 * be auto-closed.
 *
 * <p>Shipment {@code i} (from 1) is of kind {@code i % 5}: 1 Shiplemon (polled, ELTA, Greek texts), 2 courier-sync
 * (polled, UPS), 3 Salesive (polled, DHL), 4 courier-sync webhooks (ACS, two parcels), 0 Carriyo webhooks (Aramex).
 * So any five consecutive shipments show every source; the first Shiplemon and the first Carriyo shipment (and every
 * third one after them) report one unknown code; every seventh order is a Shopify order.
 *
 * <p>Carrier event times are wall-clock times: a step {@code at} simulated minutes into the life happens
 * {@code at / speed} real time after {@link #begin()}, so the latency metrics of the apps stay meaningful.
 */
public final class DemoScenario {

    public static final String TENANT = "athens";

    private final List<DemoShipment> shipments;
    private final double speed;
    private final Clock clock;
    private volatile Instant start;

    private DemoScenario(List<DemoShipment> shipments, double speed, Clock clock) {
        this.shipments = List.copyOf(shipments);
        this.speed = speed;
        this.clock = clock;
        this.start = clock.instant();
    }

    /**
     * @param count  how many shipments
     * @param speed  simulated seconds per real second
     * @param seed   for the random choices, so a demo can be repeated
     */
    public static DemoScenario generate(int count, double speed, long seed, Clock clock) {
        if (speed <= 0) {
            throw new IllegalArgumentException("speed must be positive, was " + speed);
        }
        Random random = new Random(seed);
        List<DemoShipment> shipments = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            shipments.add(shipment(i, random));
        }
        return new DemoScenario(shipments, speed, clock);
    }

    /** Starts the lives now: until then (apps starting, shipments being registered) the clock is at the start. */
    public DemoScenario begin() {
        start = clock.instant();
        return this;
    }

    public List<DemoShipment> shipments() {
        return shipments;
    }

    public List<DemoShipment> polledShipments() {
        return shipments.stream().filter(DemoShipment::polled).toList();
    }

    public List<DemoShipment> webhookShipments() {
        return shipments.stream().filter(s -> !s.polled()).toList();
    }

    public Optional<DemoShipment> byProviderReference(String provider, String reference) {
        return shipments.stream().filter(s -> s.provider().equals(provider) && reference.equals(s.providerReference())).findFirst();
    }

    public double speed() {
        return speed;
    }

    /** Simulated time elapsed since the demo started. */
    public Duration elapsed() {
        long realMillis = Duration.between(start, clock.instant()).toMillis();
        return Duration.ofMillis((long) (realMillis * speed));
    }

    /** How long, in real time, until every step of every shipment has happened. */
    public Duration realLifetime() {
        Duration longest = shipments.stream().flatMap(s -> s.parcels().stream()).flatMap(p -> p.steps().stream())
                .map(ScriptStep::at).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        return Duration.ofMillis((long) (longest.toMillis() / speed));
    }

    /** The steps of a parcel the carrier already knows about, in script order. */
    public List<ScriptStep> visibleSteps(DemoShipment.DemoParcel parcel) {
        Duration now = elapsed();
        return parcel.steps().stream().filter(s -> s.at().compareTo(now) <= 0).toList();
    }

    /** When the carrier says a step happened: the demo's start plus the step's offset and skew, compressed by speed. */
    public Instant eventTime(ScriptStep step) {
        return start.plusNanos((long) (step.at().plus(step.skew()).toNanos() / speed));
    }

    public Instant start() {
        return start;
    }

    private static DemoShipment shipment(int i, Random random) {
        String id = String.format("demo-%04d", i);
        String order = String.format("6640c1b2d4e5f6%010d", i);
        String reference = "ORD-" + (1000 + i);
        String channel = i % 7 == 0 ? "shopify" : "web";
        Map<String, String> shop = Map.of(DemoShipment.SHOP_ORDER_ID, String.valueOf(100_000 + i), "shop.shipmentId", String.valueOf(i),
                "shop.shopId", "12", "shop.carrierAccountId", "3");
        return switch (i % 5) {
            case 1 -> new DemoShipment(TENANT, id, order, reference, channel, "shiplemon", "sl-" + id, "elta", "ELTA Courier", true,
                    List.of(new DemoShipment.DemoParcel(String.format("ZU5%08dGR", i), shiplemonLife(random, (i - 1) / 5 % 3 == 0))), shop);
            case 2 -> new DemoShipment(TENANT, id, order, reference, channel, "courier-sync", "ship_" + id, "ups", "UPS", true,
                    List.of(new DemoShipment.DemoParcel(String.format("1Z999AA1%08d", i), courierSyncLife(random))), shop);
            case 3 -> new DemoShipment(TENANT, id, order, reference, channel, "salesive", order, "dhl", "DHL Express", true,
                    List.of(new DemoShipment.DemoParcel(String.format("SB%08d", i), salesiveLife(random))), shop);
            case 4 -> new DemoShipment(TENANT, id, order, reference, channel, "courier-sync", "ship_" + id, "acs", "ACS Courier", false,
                    List.of(new DemoShipment.DemoParcel(String.format("ACS%07dA", i), webhookLife(random, 0)),
                            new DemoShipment.DemoParcel(String.format("ACS%07dB", i), webhookLife(random, 30))), shop);
            default -> new DemoShipment(TENANT, id, order, reference, channel, "carriyo", "CARR-" + id, "aramex", "Aramex", false,
                    List.of(new DemoShipment.DemoParcel(String.format("34%08d", i), carriyoLife(random, i / 5 % 3 == 1))), shop);
        };
    }

    private static List<ScriptStep> shiplemonLife(Random random, boolean unknownCode) {
        List<ScriptStep> steps = new ArrayList<>(List.of(
                ScriptStep.at(0, "PRE_TRANSIT", null, "ΔΗΜΙΟΥΡΓΙΑ ΣΥ.ΔΕ.ΤΑ. ΑΠΟ ΠΕΛΑΤΗ"),
                ScriptStep.at(30 + random.nextInt(20), "TRANSIT", null, "ΠΑΡΑΛΑΒΗ ΑΠΟ ΚΑΤΑΣΤΗΜΑ"),
                ScriptStep.at(80 + random.nextInt(20), "TRANSIT", null, "ΕΚΦΟΡΤΩΣΗ ΑΠΟ ΜΕΤΑΦΟΡΙΚΟ ΜΕΣΟ")
                        // The carrier dates this scan before the pick-up: it must join history without moving status back.
                        .skewed(Duration.ofMinutes(-60)),
                ScriptStep.at(130 + random.nextInt(15), "TRANSIT", "WITH_COURIER", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ")));
        if (unknownCode) {
            // No mapping table knows this code: the processor counts it, keeps it in history and dead-letters it once.
            steps.add(ScriptStep.at(148, "HELD_AT_DEPOT", null, "ΠΑΡΑΜΟΝΗ ΣΤΟ ΚΑΤΑΣΤΗΜΑ"));
        }
        if (random.nextInt(5) == 0) {
            steps.add(ScriptStep.at(160, "EXCEPTION", null, "ΑΠΟΥΣΙΑ ΠΑΡΑΛΗΠΤΗ"));
            steps.add(ScriptStep.at(175, "DELIVERED", null, "ΠΑΡΑΛΑΒΗ ΑΠΟ ΣΤΑΘΜΟ ΜΕ ΔΗΛΩΣΗ ΠΑΡΑΛΗΠΤΗ"));
        } else {
            steps.add(ScriptStep.at(160 + random.nextInt(10), "DELIVERED", null, "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ"));
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
                ScriptStep.at(lag + 100 + random.nextInt(20), "out_for_delivery", "out_for_delivery_003", "ΠΡΟΣ ΠΑΡΑΔΟΣΗ"),
                ScriptStep.at(lag + 130 + random.nextInt(10), "delivered", "delivered_001", "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ"));
    }

    /** Carriyo webhooks carry the latest status only; code is post_shipping_info.status, substatus the carrier's code. */
    private static List<ScriptStep> carriyoLife(Random random, boolean unknownCode) {
        List<ScriptStep> steps = new ArrayList<>(List.of(
                ScriptStep.at(0, "booked", "SH001", "ΚΑΤΑΧΩΡΗΘΗΚΕ"),
                ScriptStep.at(30 + random.nextInt(20), "shipped", "SH002", "ΠΑΡΑΛΗΦΘΗΚΕ ΑΠΟ ΤΟΝ ΜΕΤΑΦΟΡΕΑ"),
                ScriptStep.at(60 + random.nextInt(30), "in_transit", "SH003", "ΣΕ ΜΕΤΑΦΟΡΑ"),
                ScriptStep.at(120 + random.nextInt(20), "out_for_delivery", "SH004", "ΣΕ ΔΙΑΝΟΜΗ"),
                ScriptStep.at(150 + random.nextInt(15), "delivered", "SH005", "ΠΑΡΑΔΟΘΗΚΕ")));
        if (unknownCode) {
            steps.add(3, ScriptStep.at(100, "handed_to_partner", "SH099", "ΠΑΡΑΔΟΘΗΚΕ ΣΕ ΣΥΝΕΡΓΑΤΗ"));
        }
        return steps;
    }
}
