package io.trackstream.testkit.carrier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trackstream.carriers.webhook.WebhookSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the carriers that push: as the demo's webhook-only shipments live on, it sends webhook-ingest a signed
 * webhook for every new step (HMAC of docs/webhook-ingest.md, signed by {@link WebhookSigner} with the provider's
 * secret), in the provider's own format:
 * <ul>
 * <li>courier-sync, AfterShip-style {@code {"event":"tracking_update","msg":{…,"checkpoints":[…]}}}: every delivery
 * carries all checkpoints so far, as AfterShip does, so each repeats the earlier ones;</li>
 * <li>Carriyo shipment objects: the latest {@code post_shipping_info.status} only.</li>
 * </ul>
 * Like real senders it also repeats itself: some deliveries are sent twice (a retry after a lost answer: same body,
 * new signature), and some are held back and sent after the next one (out of order). Which ones is decided by the
 * shipment, parcel and step numbers, so a demo can be repeated.
 */
public final class WebhookSandbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookSandbox.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DemoScenario scenario;
    private final IngestClient ingest;
    private final Map<String, String> secrets;
    private final Clock clock;
    private static final Duration REPEAT_DELAY = Duration.ofMillis(1500);

    private final Map<String, ParcelProgress> progress = new HashMap<>();
    private final List<Repeat> repeats = new ArrayList<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile ScheduledExecutorService executor;

    /** What has been sent so far. {@code delivered} counts accepted deliveries, repeats included. */
    public record Counts(long delivered, long duplicates, long outOfOrder, long refused) {
    }

    /**
     * @param secrets the HMAC secret per provider, as webhook-ingest has them
     */
    public WebhookSandbox(DemoScenario scenario, IngestClient ingest, Map<String, String> secrets, Clock clock) {
        this.scenario = scenario;
        this.ingest = ingest;
        this.secrets = Map.copyOf(secrets);
        this.clock = clock;
    }

    /** Sends on a background thread, looking for new steps every simulated minute (between 0.1 and 1 real second). */
    public synchronized WebhookSandbox start() {
        long tickMillis = tickInterval(scenario.speed()).toMillis();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-sandbox");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::tickSafely, 0, tickMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    public Counts counts() {
        return new Counts(delivered.get(), duplicates.get(), outOfOrder.get(), refused.get());
    }

    /** True once every step of every webhook-only parcel has been sent. */
    public synchronized boolean done() {
        for (DemoShipment shipment : scenario.webhookShipments()) {
            for (DemoShipment.DemoParcel parcel : shipment.parcels()) {
                ParcelProgress p = progress.get(parcel.trackingNumber());
                if (p == null || p.sent < parcel.steps().size() || p.held != 0) {
                    return false;
                }
            }
        }
        return repeats.isEmpty();
    }

    /** Sends what became visible since the last call. */
    synchronized void tick() {
        for (DemoShipment shipment : scenario.webhookShipments()) {
            int shipmentNumber = Integer.parseInt(shipment.shipmentId().replaceAll("\\D", ""));
            for (int pi = 0; pi < shipment.parcels().size(); pi++) {
                DemoShipment.DemoParcel parcel = shipment.parcels().get(pi);
                ParcelProgress p = progress.computeIfAbsent(parcel.trackingNumber(), k -> new ParcelProgress());
                int visible = scenario.visibleSteps(parcel).size();
                while (p.sent < visible) {
                    int snapshot = ++p.sent;
                    int rule = shipmentNumber * 31 + pi * 7 + snapshot;
                    boolean last = snapshot == parcel.steps().size();
                    if (p.held == 0 && !last && snapshot >= 2 && rule % 4 == 1) {
                        p.held = snapshot; // sent after the next one: out of order
                        continue;
                    }
                    deliver(shipment, parcel, snapshot, Kind.NEW);
                    if (p.held != 0) {
                        deliver(shipment, parcel, p.held, Kind.OUT_OF_ORDER);
                        p.held = 0;
                    }
                    if (rule % 3 == 0) {
                        // The carrier sends it again later, as after an answer it did not get.
                        repeats.add(new Repeat(shipment, parcel, snapshot, clock.instant().plus(REPEAT_DELAY)));
                    }
                }
            }
        }
        sendDueRepeats();
    }

    private void sendDueRepeats() {
        Instant now = clock.instant();
        for (Iterator<Repeat> it = repeats.iterator(); it.hasNext();) {
            Repeat repeat = it.next();
            if (!repeat.due().isAfter(now)) {
                it.remove();
                deliver(repeat.shipment(), repeat.parcel(), repeat.snapshot(), Kind.DUPLICATE);
            }
        }
    }

    /**
     * A delivery to send again once {@code due}: a second later at least, so its signature's timestamp differs
     * (webhook-ingest refuses the very same signed request as a replay; a carrier's retry is signed anew).
     */
    private record Repeat(DemoShipment shipment, DemoShipment.DemoParcel parcel, int snapshot, Instant due) {
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("Webhook sandbox tick failed; trying again at the next one", e);
        }
    }

    private enum Kind { NEW, DUPLICATE, OUT_OF_ORDER }

    private static final class ParcelProgress {
        int sent;
        int held;
    }

    private void deliver(DemoShipment shipment, DemoShipment.DemoParcel parcel, int snapshot, Kind kind) {
        byte[] body = body(shipment, parcel, snapshot);
        String secret = secrets.get(shipment.provider());
        if (secret == null) {
            throw new IllegalStateException("No webhook secret for " + shipment.provider());
        }
        IngestClient.Answer answer = ingest.post("/webhooks/" + shipment.provider(), body, () -> {
            long now = clock.instant().getEpochSecond();
            return Map.of(WebhookSigner.TIMESTAMP_HEADER, Long.toString(now),
                    WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(secret, now, body));
        });
        if (answer == null) {
            return;
        }
        if (!answer.accepted()) {
            if (refused.incrementAndGet() <= 3) {
                log.warn("webhook-ingest refused a {} webhook with HTTP {}: {}", shipment.provider(), answer.status(), answer.body());
            }
            return;
        }
        delivered.incrementAndGet();
        switch (kind) {
            case DUPLICATE -> duplicates.incrementAndGet();
            case OUT_OF_ORDER -> outOfOrder.incrementAndGet();
            case NEW -> { }
        }
    }

    /** The webhook body for the first {@code snapshot} steps of a parcel, in the provider's format. */
    byte[] body(DemoShipment shipment, DemoShipment.DemoParcel parcel, int snapshot) {
        List<ScriptStep> steps = parcel.steps().subList(0, snapshot);
        ScriptStep current = steps.get(steps.size() - 1);
        Object body = switch (shipment.provider()) {
            case "courier-sync" -> courierSync(shipment, parcel, steps, current, snapshot);
            case "carriyo" -> carriyo(shipment, parcel, current);
            default -> throw new IllegalStateException("The webhook sandbox has no format for " + shipment.provider());
        };
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> courierSync(DemoShipment shipment, DemoShipment.DemoParcel parcel, List<ScriptStep> steps,
            ScriptStep current, int snapshot) {
        List<Map<String, Object>> checkpoints = new ArrayList<>();
        for (ScriptStep step : steps) {
            Map<String, Object> checkpoint = new LinkedHashMap<>();
            checkpoint.put("checkpoint_time", iso(scenario.eventTime(step)));
            checkpoint.put("tag", step.code());
            checkpoint.put("subtag", step.substatus());
            checkpoint.put("message", step.text());
            checkpoint.put("location", "ΑΘΗΝΑ");
            checkpoint.put("city", "Athens");
            checkpoint.put("country_iso2", "GR");
            checkpoints.add(checkpoint);
        }
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("id", shipment.providerReference() + "_" + parcel.trackingNumber());
        msg.put("slug", shipment.carrier());
        msg.put("courier_name", shipment.carrierName());
        msg.put("tracking_number", parcel.trackingNumber());
        msg.put("tag", current.code());
        msg.put("subtag", current.substatus());
        msg.put("subtag_message", current.text());
        msg.put("updated_at", iso(scenario.eventTime(current)));
        msg.put("expected_delivery", iso(scenario.eventTime(parcel.steps().get(parcel.steps().size() - 1))));
        msg.put("verification_status", "verified");
        msg.put("courier_tracking_link", "https://www.acscourier.net/el/track-and-trace?p_p_id=" + parcel.trackingNumber());
        msg.put("checkpoints", checkpoints);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", "tracking_update");
        // A repeat is the same delivery (same event id); an out-of-order one is a late delivery of an older snapshot.
        body.put("event_id", "evt_" + parcel.trackingNumber() + "_" + snapshot);
        body.put("msg", msg);
        return body;
    }

    private Map<String, Object> carriyo(DemoShipment shipment, DemoShipment.DemoParcel parcel, ScriptStep current) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("status", current.code());
        info.put("tracking_no", parcel.trackingNumber());
        info.put("tracking_url", "https://www.aramex.com/track/results?ShipmentNumber=" + parcel.trackingNumber());
        info.put("carrier_status", current.substatus());
        info.put("carrier_status_description", current.text());
        info.put("update_date", iso(scenario.eventTime(current)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("shipment_id", shipment.providerReference());
        body.put("references", Map.of("partner_order_reference", shipment.partnerOrderReference(),
                "partner_shipment_reference", shipment.shipmentId()));
        body.put("carrier_account", Map.of("carrier", shipment.carrier().toUpperCase(), "carrier_account_name", shipment.carrierName() + " GR"));
        body.put("post_shipping_info", info);
        return body;
    }

    private static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Not synchronized: a tick may be waiting for webhook-ingest; closing the {@link IngestClient} ends that wait. */
    @Override
    public void close() {
        ScheduledExecutorService running = executor;
        if (running != null) {
            running.shutdownNow();
        }
    }

    /** How often new steps are looked for: every simulated minute, within 0.1 to 1 real second. */
    static Duration tickInterval(double speed) {
        return Duration.ofMillis(Math.max(100, Math.min(1000, (long) (60_000 / speed))));
    }
}
