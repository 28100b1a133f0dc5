package io.trackstream.processor.state;

import static io.trackstream.avro.CanonicalStatus.AVAILABLE_FOR_PICKUP;
import static io.trackstream.avro.CanonicalStatus.CANCELLED;
import static io.trackstream.avro.CanonicalStatus.DELAYED;
import static io.trackstream.avro.CanonicalStatus.DELIVERED;
import static io.trackstream.avro.CanonicalStatus.DELIVERY_ATTEMPT_FAILED;
import static io.trackstream.avro.CanonicalStatus.EXCEPTION;
import static io.trackstream.avro.CanonicalStatus.EXPIRED;
import static io.trackstream.avro.CanonicalStatus.INFO_RECEIVED;
import static io.trackstream.avro.CanonicalStatus.IN_TRANSIT;
import static io.trackstream.avro.CanonicalStatus.OUT_FOR_DELIVERY;
import static io.trackstream.avro.CanonicalStatus.PICKED_UP;
import static io.trackstream.avro.CanonicalStatus.RETURNED_TO_SENDER;
import static io.trackstream.avro.CanonicalStatus.RETURNING_TO_SENDER;
import static io.trackstream.avro.CanonicalStatus.UNKNOWN;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.TrackingEvent;

/**
 * How a parcel's current status follows from its history. The status is decided by carrier event time, never by
 * arrival order: the history is walked oldest first and each event takes over from the current status when it may
 * follow it. From a non-terminal status any known status may follow (a later-dated carrier event is the truth, even
 * "back to IN_TRANSIT" after a failed attempt). A terminal status is left only for the statuses that legitimately
 * follow it (DELIVERED then RETURNING_TO_SENDER); a later-dated IN_TRANSIT after DELIVERED is carrier noise and is
 * kept in the history only. UNKNOWN (an unmapped code) never replaces a known status.
 *
 * <p>Because the result depends only on the set of events, a re-sent or re-ordered history gives the same status,
 * and a late event older than the current status's event, unless it is itself terminal, cannot change it.
 */
public final class ParcelStatusRules {

    private static final Set<CanonicalStatus> TERMINAL = EnumSet.of(DELIVERED, RETURNED_TO_SENDER, CANCELLED, EXPIRED);

    private static final Map<CanonicalStatus, Set<CanonicalStatus>> FOLLOWERS_OF_TERMINAL = new EnumMap<>(Map.of(
            // A later carrier report that the parcel is going back, or that the delivery went wrong (misdelivery,
            // damage found, "ΑΚΥΡΩΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ"), overrides a delivery.
            DELIVERED, EnumSet.of(EXCEPTION, RETURNING_TO_SENDER, RETURNED_TO_SENDER),
            RETURNED_TO_SENDER, EnumSet.noneOf(CanonicalStatus.class),
            // A physical scan after a cancellation shows the parcel was shipped after all.
            CANCELLED, EnumSet.of(PICKED_UP, IN_TRANSIT, DELAYED, OUT_FOR_DELIVERY, AVAILABLE_FOR_PICKUP,
                    DELIVERY_ATTEMPT_FAILED, DELIVERED, RETURNING_TO_SENDER, RETURNED_TO_SENDER),
            // EXPIRED means "no news for a long time": any news revives the parcel.
            EXPIRED, EnumSet.complementOf(EnumSet.of(UNKNOWN, EXPIRED))));

    /**
     * The order of a parcel's life, used to break ties between events with the same event time and (by
     * {@link ShipmentStatusRules}) to find a shipment's least-advanced parcel.
     */
    private static final Map<CanonicalStatus, Integer> PROGRESS = new EnumMap<>(CanonicalStatus.class);

    static {
        List<CanonicalStatus> order = List.of(UNKNOWN, INFO_RECEIVED, PICKED_UP, IN_TRANSIT, DELAYED, EXCEPTION,
                OUT_FOR_DELIVERY, DELIVERY_ATTEMPT_FAILED, AVAILABLE_FOR_PICKUP, DELIVERED, RETURNING_TO_SENDER,
                RETURNED_TO_SENDER, CANCELLED, EXPIRED);
        for (int i = 0; i < order.size(); i++) {
            PROGRESS.put(order.get(i), i + 1);
        }
        if (PROGRESS.size() != CanonicalStatus.values().length) {
            throw new IllegalStateException("Every canonical status needs a place in the progress order");
        }
    }

    /** History order: carrier event time, then progress (same instant: the later stage last), then key. */
    public static final Comparator<TrackingEvent> HISTORY_ORDER = Comparator
            .comparing(TrackingEvent::getEventTime)
            .thenComparingInt(e -> progress(e.getStatus()))
            .thenComparing(TrackingEvent::getEventKey);

    private ParcelStatusRules() {
    }

    public static boolean isTerminal(CanonicalStatus status) {
        return status != null && TERMINAL.contains(status);
    }

    /** 1 (UNKNOWN) to 14 (EXPIRED); 0 for "no status yet". */
    public static int progress(CanonicalStatus status) {
        return status == null ? 0 : PROGRESS.get(status);
    }

    /** Whether a later-dated event with status {@code next} takes over from {@code current} (null: none yet). */
    public static boolean mayFollow(CanonicalStatus current, CanonicalStatus next) {
        if (next == UNKNOWN) {
            return current == null;
        }
        if (current == null || current == UNKNOWN) {
            return true;
        }
        if (TERMINAL.contains(current)) {
            return FOLLOWERS_OF_TERMINAL.get(current).contains(next);
        }
        return true;
    }

    /** The status of a history sorted by {@link #HISTORY_ORDER}. */
    public static StatusDecision decide(List<TrackingEvent> sortedHistory) {
        return decide(StatusDecision.NONE, sortedHistory);
    }

    /**
     * The status of a history whose older entries, trimmed away, decided {@code start}: the rules are a walk from
     * the oldest entry, so going on from the trimmed entries' result gives what the whole history would.
     */
    public static StatusDecision decide(StatusDecision start, List<TrackingEvent> sortedHistory) {
        StatusDecision decision = start;
        for (TrackingEvent event : sortedHistory) {
            decision = step(decision, event);
        }
        return decision;
    }

    /** One step of the walk: {@code event} takes over when it may follow the current status. */
    public static StatusDecision step(StatusDecision decision, TrackingEvent event) {
        return mayFollow(decision.status(), event.getStatus()) ? new StatusDecision(event.getStatus(), event) : decision;
    }
}
