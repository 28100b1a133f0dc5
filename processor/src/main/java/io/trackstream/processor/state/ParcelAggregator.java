package io.trackstream.processor.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.ReasonCode;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.contract.ParcelKey;

/**
 * Adds one carrier event to a parcel's state: the deduped history stays sorted by carrier event time and holds at
 * most {@code maxHistory} entries (the oldest go first, so a parcel's value cannot grow without limit), and the
 * current status is re-decided from the history by {@link ParcelStatusRules}. What the trimmed entries decided is
 * kept beside the history ({@code trimmedStatusEvent}) and the walk goes on from it, so trimming never moves the
 * status or the delivered date; the keys of the trimmed entries are kept too ({@link TrimmedEventKeys}, as many as the
 * history holds). An event already in the history, among the trimmed keys, or older than a full history's oldest
 * entry changes nothing: the parcel is its own dedupe record, written with it in one store write.
 */
public final class ParcelAggregator {

    private final int maxHistory;

    public ParcelAggregator(int maxHistory) {
        if (maxHistory < 1) {
            throw new IllegalArgumentException("maxHistory must be at least 1, was " + maxHistory);
        }
        this.maxHistory = maxHistory;
    }

    /**
     * Whether the parcel holds the event already, in its history or among the keys of its trimmed entries: a repeat,
     * known without mapping it. ({@link #apply} also drops an event older than a full history.)
     */
    public boolean holds(Parcel parcel, String eventKey, RawTrackingEvent raw) {
        if (parcel == null) {
            return false;
        }
        for (TrackingEvent known : parcel.getHistory()) {
            if (sameEvent(known, eventKey, raw.getCarrierStatusCode(), raw.getCarrierSubstatus(), raw.getEventTime(),
                    raw.getCarrierStatusText())) {
                return true;
            }
        }
        return TrimmedEventKeys.contains(parcel.getTrimmedEventKeys(), eventKey);
    }

    /** The parcel after {@code event} (mapped from {@code raw}), or empty when it changes nothing. */
    public Optional<Parcel> apply(Parcel before, ParcelKey key, RawTrackingEvent raw, TrackingEvent event) {
        if (holds(before, event.getEventKey(), raw)) {
            return Optional.empty();
        }
        List<TrackingEvent> history = before == null ? new ArrayList<>() : new ArrayList<>(before.getHistory());
        int at = Collections.binarySearch(history, event, ParcelStatusRules.HISTORY_ORDER);
        int position = at >= 0 ? at : -at - 1;
        if (history.size() >= maxHistory && position == 0) {
            return Optional.empty();
        }
        history.add(position, event);
        StatusDecision trimmed = StatusDecision.of(before == null ? null : before.getTrimmedStatusEvent());
        List<TrackingEvent> trimmedNow = List.of();
        if (history.size() > maxHistory) {
            trimmedNow = new ArrayList<>(history.subList(0, history.size() - maxHistory));
            history.subList(0, trimmedNow.size()).clear();
            for (TrackingEvent gone : trimmedNow) {
                trimmed = ParcelStatusRules.step(trimmed, gone);
            }
        }
        StatusDecision decision = ParcelStatusRules.decide(trimmed, history);
        TrackingEvent latest = history.get(history.size() - 1);
        return Optional.of(Parcel.newBuilder()
                .setParcelKey(key.toString())
                .setCarrier(key.carrier())
                .setTrackingNumber(key.trackingNumber())
                .setLabelId(before == null ? null : before.getLabelId())
                .setStatus(decision.status())
                .setReason(decision.cause() == null ? ReasonCode.NONE : decision.cause().getReason())
                .setLastCarrierStatusCode(latest.getCarrierStatusCode())
                .setLastCarrierStatusText(latest.getCarrierStatusText())
                .setStatusEventTime(decision.cause() == null ? null : decision.cause().getEventTime())
                .setLastCarrierUpdate(later(before == null ? null : before.getLastCarrierUpdate(), raw.getReceivedTime()))
                .setDeliveredAt(deliveredAt(before, decision, raw, event))
                .setExpectedDelivery(firstNonNull(raw.getExpectedDelivery(), before == null ? null : before.getExpectedDelivery()))
                .setTrackingUrl(firstNonBlank(raw.getTrackingUrl(), before == null ? null : before.getTrackingUrl()))
                .setLabelUrl(firstNonBlank(raw.getLabelUrl(), before == null ? null : before.getLabelUrl()))
                .setChildParcels(!raw.getChildParcels().isEmpty() || before == null ? raw.getChildParcels() : before.getChildParcels())
                .setHistory(history)
                .setTrimmedStatusEvent(trimmed.cause())
                .setTrimmedEventKeys(TrimmedEventKeys.with(before == null ? null : before.getTrimmedEventKeys(), trimmedNow, maxHistory))
                .build());
    }

    /**
     * The same carrier event: the same key, or the same code, substatus, time and text (an entry stored before the
     * substatus was part of the key has an older key for the same meaning).
     */
    private static boolean sameEvent(TrackingEvent known, String eventKey, String code, String substatus, Instant eventTime, String text) {
        return known.getEventKey().equals(eventKey)
                || (known.getEventTime().equals(eventTime)
                        && known.getCarrierStatusCode().trim().equalsIgnoreCase(code.trim())
                        && normalized(known.getCarrierSubstatus()).equalsIgnoreCase(normalized(substatus))
                        && normalized(known.getCarrierStatusText()).equals(normalized(text)));
    }

    private static String normalized(String text) {
        return text == null ? "" : text.trim();
    }

    /**
     * The parcel with every history entry (and the trimmed-status event) mapped again by {@code remap} from its
     * stored carrier code and substatus, and its status decided again by the usual rules; {@code digest} names the
     * tables used. Everything else is kept. The delivered date is the carrier's own one while the deciding event is
     * the same, else the deciding event's time.
     */
    public Parcel rederive(Parcel parcel, java.util.function.Function<TrackingEvent, io.trackstream.processor.mapping.MappedStatus> remap,
                           String digest) {
        List<TrackingEvent> history = new ArrayList<>(parcel.getHistory().size());
        for (TrackingEvent event : parcel.getHistory()) {
            history.add(remapped(event, remap));
        }
        history.sort(ParcelStatusRules.HISTORY_ORDER);
        TrackingEvent trimmedEvent = parcel.getTrimmedStatusEvent() == null ? null : remapped(parcel.getTrimmedStatusEvent(), remap);
        StatusDecision decision = ParcelStatusRules.decide(StatusDecision.of(trimmedEvent), history);
        TrackingEvent cause = decision.cause();
        Instant deliveredAt = null;
        if (decision.status() == CanonicalStatus.DELIVERED) {
            boolean sameCause = parcel.getStatus() == CanonicalStatus.DELIVERED && parcel.getDeliveredAt() != null
                    && cause.getEventTime().equals(parcel.getStatusEventTime());
            deliveredAt = sameCause ? parcel.getDeliveredAt() : cause.getEventTime();
        }
        return Parcel.newBuilder(parcel)
                .setHistory(history)
                .setTrimmedStatusEvent(trimmedEvent)
                .setStatus(decision.status())
                .setReason(cause == null ? ReasonCode.NONE : cause.getReason())
                .setStatusEventTime(cause == null ? null : cause.getEventTime())
                .setDeliveredAt(deliveredAt)
                .setMappingDigest(digest)
                .build();
    }

    private static TrackingEvent remapped(TrackingEvent event,
                                          java.util.function.Function<TrackingEvent, io.trackstream.processor.mapping.MappedStatus> remap) {
        var mapped = remap.apply(event);
        if (mapped.status() == event.getStatus() && mapped.reason() == event.getReason()) {
            return event;
        }
        return TrackingEvent.newBuilder(event).setStatus(mapped.status()).setReason(mapped.reason()).build();
    }

    /**
     * The delivered date, while the parcel is delivered: the carrier's own delivered date when the delivering event
     * carries one, else that event's time.
     */
    private static Instant deliveredAt(Parcel before, StatusDecision decision, RawTrackingEvent raw, TrackingEvent event) {
        if (decision.status() != CanonicalStatus.DELIVERED) {
            return null;
        }
        TrackingEvent cause = decision.cause();
        if (cause == event && raw.getDeliveredAt() != null) {
            return raw.getDeliveredAt();
        }
        if (before != null && before.getStatus() == CanonicalStatus.DELIVERED && before.getDeliveredAt() != null
                && cause.getEventTime().equals(before.getStatusEventTime())) {
            return before.getDeliveredAt();
        }
        return cause.getEventTime();
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    private static <T> T firstNonNull(T a, T b) {
        return a != null ? a : b;
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
