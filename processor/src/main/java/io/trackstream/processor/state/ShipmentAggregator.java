package io.trackstream.processor.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.ReasonCode;
import io.trackstream.avro.RegisteredParcel;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.avro.ShipmentStatus;
import io.trackstream.avro.TrackingEvent;
import io.trackstream.contract.TrackingLimits;
import io.trackstream.contract.ParcelKey;

/**
 * Builds a shipment from its registration and the states of its parcels. The registration says which parcels
 * belong to the shipment (a parcel state for a parcel it no longer lists is ignored); a listed parcel without any
 * carrier event yet appears with no status. {@link #next} bumps the version only when something a reader could see
 * has changed, so re-sent registrations and replays leave the shipment as it is. Parcels are shown as
 * {@link ShownParcel}s: their state and latest event, not their histories, so a shipment's size is bounded by its
 * parcel count (a shipment stored with whole histories by an older version sheds them at its next version).
 */
public final class ShipmentAggregator {

    private ShipmentAggregator() {
    }

    /** The parcel keys a registration lists, in its order, without repeats. */
    public static Set<String> parcelKeys(ShipmentRegistration registration) {
        Set<String> keys = new LinkedHashSet<>();
        for (RegisteredParcel parcel : registration.getParcels()) {
            keys.add(keyOf(registration, parcel).toString());
        }
        return keys;
    }

    public static ParcelKey keyOf(ShipmentRegistration registration, RegisteredParcel parcel) {
        String carrier = parcel.getCarrier() == null || parcel.getCarrier().isBlank() ? registration.getCarrier() : parcel.getCarrier();
        return ParcelKey.of(carrier, parcel.getTrackingNumber());
    }

    /**
     * The shipment after a change of its registration or of one of its parcels, or {@code before} itself when
     * nothing visible changed. {@code parcelState} gives the latest known state of a parcel key (or null).
     */
    public static Shipment next(Shipment before, ShipmentRegistration registration, Function<String, Parcel> parcelState, Instant now) {
        Shipment candidate = build(registration, parcelState, before == null ? now : before.getCreatedAt());
        if (before != null) {
            candidate.setVersion(before.getVersion());
            candidate.setUpdatedAt(before.getUpdatedAt());
            candidate.setStatusChangedAt(before.getStatusChangedAt());
            if (candidate.equals(before)) {
                return before;
            }
        }
        candidate.setVersion(before == null ? 1L : before.getVersion() + 1);
        candidate.setUpdatedAt(now);
        if (before == null || before.getStatus() != candidate.getStatus()) {
            candidate.setStatusChangedAt(now);
        }
        return candidate;
    }

    static Shipment build(ShipmentRegistration registration, Function<String, Parcel> parcelState, Instant createdAt) {
        Map<String, Parcel> parcels = new LinkedHashMap<>();
        for (RegisteredParcel registered : registration.getParcels()) {
            ParcelKey key = keyOf(registration, registered);
            parcels.computeIfAbsent(key.toString(), k -> withLabel(ShownParcel.of(parcelState.apply(k)), key, registered));
        }
        List<Parcel> parcelList = new ArrayList<>(parcels.values());
        List<CanonicalStatus> statuses = new ArrayList<>(parcelList.size());
        parcelList.forEach(p -> statuses.add(p.getStatus()));
        ShipmentStatus status = ShipmentStatusRules.derive(statuses);

        Set<String> trackingUrls = new LinkedHashSet<>();
        addIfPresent(trackingUrls, registration.getTrackingUrl());
        Instant lastCarrierUpdate = null;
        Instant expectedDelivery = null;
        Instant lastDelivered = null;
        for (Parcel parcel : parcelList) {
            addIfPresent(trackingUrls, parcel.getTrackingUrl());
            lastCarrierUpdate = latest(lastCarrierUpdate, parcel.getLastCarrierUpdate());
            if (parcel.getStatus() != CanonicalStatus.DELIVERED) {
                expectedDelivery = latest(expectedDelivery, parcel.getExpectedDelivery());
            }
            lastDelivered = latest(lastDelivered, parcel.getDeliveredAt());
        }
        return fitted(Shipment.newBuilder()
                .setShipmentId(registration.getShipmentId())
                .setTenant(registration.getTenant())
                .setOrderId(registration.getOrderId())
                .setPartnerOrderReference(registration.getPartnerOrderReference())
                .setSalesChannel(registration.getSalesChannel())
                .setCarrier(registration.getCarrier())
                .setCarrierName(registration.getCarrierName())
                .setProvider(registration.getProvider())
                .setProviderReference(registration.getProviderReference())
                .setCarrierAccount(registration.getCarrierAccount())
                .setStatus(status)
                .setParcels(parcelList)
                .setTrackingUrls(new ArrayList<>(trackingUrls))
                .setExpectedDelivery(status == ShipmentStatus.DELIVERED ? null : expectedDelivery)
                .setLastCarrierUpdate(lastCarrierUpdate)
                .setDeliveredAt(status == ShipmentStatus.DELIVERED ? lastDelivered : null)
                .setIsReturn(registration.getIsReturn())
                .setAttributes(registration.getAttributes())
                .setCreatedAt(createdAt)
                .setUpdatedAt(createdAt)
                .setStatusChangedAt(null)
                .setVersion(0L)
                .build());
    }

    /**
     * The shipment within {@link TrackingLimits#MAX_SHIPMENT_RECORD_BYTES}: a shipment record carries its parcels'
     * states, and each parcel's full history stays in the parcel table (the read API serves it). Shown parcels keep
     * it far below the budget; the rule stays for parcels with huge texts or many child parcels. Over the budget,
     * each parcel keeps its newest history entries within an equal share ({@code historyOmitted} counts the rest);
     * if that is not enough, only its latest entry, without the trimmed-status event and child parcels, which the
     * parcel table keeps.
     */
    static Shipment fitted(Shipment shipment) {
        int size = RecordSize.of(shipment);
        if (size <= TrackingLimits.MAX_SHIPMENT_RECORD_BYTES || shipment.getParcels().isEmpty()) {
            return shipment;
        }
        int parcelBytes = 0;
        for (Parcel parcel : shipment.getParcels()) {
            parcelBytes += RecordSize.of(parcel);
        }
        int share = (TrackingLimits.MAX_SHIPMENT_RECORD_BYTES - (size - parcelBytes)) / shipment.getParcels().size();
        List<Parcel> fitted = new ArrayList<>(shipment.getParcels().size());
        for (Parcel parcel : shipment.getParcels()) {
            fitted.add(withinShare(parcel, share));
        }
        shipment.setParcels(fitted);
        if (RecordSize.of(shipment) <= TrackingLimits.MAX_SHIPMENT_RECORD_BYTES) {
            return shipment;
        }
        List<Parcel> least = new ArrayList<>(fitted.size());
        for (Parcel parcel : fitted) {
            least.add(latestOnly(parcel));
        }
        shipment.setParcels(least);
        return shipment;
    }

    private static Parcel withinShare(Parcel parcel, int share) {
        int size = RecordSize.of(parcel);
        List<TrackingEvent> history = parcel.getHistory();
        if (size <= share || history.size() <= 1) {
            return parcel;
        }
        int budget = share - RecordSize.ofWithoutHistory(parcel);
        int keep = 0;
        int used = 0;
        for (int i = history.size() - 1; i >= 0; i--) {
            int entry = RecordSize.of(history.get(i));
            if (keep > 0 && used + entry > budget) {
                break;
            }
            used += entry;
            keep++;
        }
        return Parcel.newBuilder(parcel)
                .setHistory(new ArrayList<>(history.subList(history.size() - keep, history.size())))
                .setHistoryOmitted(parcel.getHistoryOmitted() + history.size() - keep)
                .build();
    }

    private static Parcel latestOnly(Parcel parcel) {
        List<TrackingEvent> history = parcel.getHistory();
        int omitted = Math.max(0, history.size() - 1);
        return Parcel.newBuilder(parcel)
                .setHistory(history.isEmpty() ? List.of() : new ArrayList<>(history.subList(history.size() - 1, history.size())))
                .setHistoryOmitted(parcel.getHistoryOmitted() + omitted)
                .setTrimmedStatusEvent(null)
                .setChildParcels(List.of())
                .build();
    }

    /**
     * The parcel as the shipment shows it: its shown state (or an empty one) with the registration's label. The
     * state is copied only when the label differs.
     */
    private static Parcel withLabel(Parcel state, ParcelKey key, RegisteredParcel registered) {
        if (state == null) {
            return Parcel.newBuilder().setParcelKey(key.toString()).setCarrier(key.carrier())
                    .setTrackingNumber(key.trackingNumber()).setStatus(null).setReason(ReasonCode.NONE)
                    .setLabelId(registered.getLabelId()).setLabelUrl(registered.getLabelUrl()).build();
        }
        boolean labelUrlMissing = state.getLabelUrl() == null || state.getLabelUrl().isBlank();
        String labelUrl = labelUrlMissing ? registered.getLabelUrl() : state.getLabelUrl();
        if (Objects.equals(state.getLabelId(), registered.getLabelId()) && Objects.equals(state.getLabelUrl(), labelUrl)) {
            return state;
        }
        return Parcel.newBuilder(state).setLabelId(registered.getLabelId()).setLabelUrl(labelUrl).build();
    }

    private static void addIfPresent(Set<String> urls, String url) {
        if (url != null && !url.isBlank()) {
            urls.add(url);
        }
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
