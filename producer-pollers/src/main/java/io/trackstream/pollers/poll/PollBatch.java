package io.trackstream.pollers.poll;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.trackstream.avro.EventSource;
import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.avro.RejectedEvent;
import io.trackstream.avro.RejectionReason;
import io.trackstream.carriers.ParcelReport;
import io.trackstream.carriers.RawEvents;
import io.trackstream.contract.EventBatches;
import io.trackstream.contract.ParcelKey;
import io.trackstream.contract.RawEventCheck;
import io.trackstream.contract.TrackingLimits;
import io.trackstream.pollers.carrier.CarrierResponse;

/**
 * One answer as the topics will hold it. An entry the reader refused, and every event the contract's check
 * (RawEventCheck, the one the processor applies) would refuse, is refused here, one entry at a time, as a
 * {@link RejectedEvent} naming the field, and the rest of the answer is published. A parcel with more entries than a history holds keeps its newest
 * {@link TrackingLimits#MAX_HISTORY_ENTRIES}. The published events of the answer are one batch (EventBatches).
 *
 * @param events   the raw events to publish, stamped with the answer's batch id
 * @param rejected what is refused, for the rejected topic
 */
public record PollBatch(List<RawTrackingEvent> events, List<RejectedEvent> rejected) {

    public static final String STAGE = "producer-pollers";

    public PollBatch {
        events = List.copyOf(events);
        rejected = List.copyOf(rejected);
    }

    public boolean isEmpty() {
        return events.isEmpty() && rejected.isEmpty();
    }

    public static PollBatch of(ParcelReport report, EventSource source, CarrierResponse response) {
        String provider = report.provider();
        ParcelKey parcel = report.parcelKey();
        List<RejectedEvent> rejected = new ArrayList<>();
        for (ParcelReport.RefusedEntry entry : report.refused()) {
            rejected.add(rejectedEvent(provider, response, parcel, entry.problem().field(), entry.problem().reason(),
                    entry.problem().getMessage(), entry.statusCode()));
        }
        RawEvents.Received received = new RawEvents.Received(source, response.receivedAt(), response.contentType(), response.body());
        List<Checked> checked = new ArrayList<>();
        for (int i = 0; i < report.events().size(); i++) {
            ParcelReport.CarrierEvent event = report.events().get(i);
            RawTrackingEvent raw = RawEvents.of(report, i, received);
            Optional<RawEventCheck.Violation> violation = RawEventCheck.check(raw);
            if (violation.isPresent()) {
                RawEventCheck.Violation v = violation.get();
                String where = event.entry().isEmpty() ? "" : event.entry() + ": ";
                rejected.add(rejectedEvent(provider, response, parcel, v.field(),
                        v.tooLarge() ? RejectionReason.TOO_LARGE : RejectionReason.INVALID_VALUE, where + v.detail(), event.statusCode()));
                continue;
            }
            checked.add(new Checked(checked.size(), event, raw));
        }
        if (checked.size() > TrackingLimits.MAX_HISTORY_ENTRIES) {
            List<Checked> newestFirst = new ArrayList<>(checked);
            newestFirst.sort(Comparator.comparing((Checked c) -> c.event().eventTime()).reversed());
            int left = newestFirst.size() - TrackingLimits.MAX_HISTORY_ENTRIES;
            rejected.add(rejectedEvent(provider, response, parcel, "batchSize", RejectionReason.TOO_LARGE,
                    "batchSize: " + checked.size() + " entries for one parcel in one answer, over the limit of "
                            + TrackingLimits.MAX_HISTORY_ENTRIES + " a history holds; the newest "
                            + TrackingLimits.MAX_HISTORY_ENTRIES + " are published, the oldest " + left + " are not", null));
            checked = new ArrayList<>(newestFirst.subList(0, TrackingLimits.MAX_HISTORY_ENTRIES));
            checked.sort(Comparator.comparingInt(Checked::order));
        }
        List<RawTrackingEvent> events = EventBatches.stamp(new ArrayList<>(checked.stream().map(Checked::raw).toList()));
        return new PollBatch(events, rejected);
    }

    private static RejectedEvent rejectedEvent(String provider, CarrierResponse response, ParcelKey parcel, String field,
            RejectionReason reason, String detail, String statusCode) {
        byte[] body = response.body() == null ? new byte[0] : response.body();
        boolean cut = body.length > TrackingLimits.MAX_REJECTED_PAYLOAD_BYTES;
        return RejectedEvent.newBuilder()
                .setRejectedAt(response.receivedAt() != null ? response.receivedAt() : Instant.now())
                .setStage(STAGE)
                .setReason(reason)
                .setDetail(detail)
                .setField(field)
                .setProvider(provider)
                .setCarrier(parcel == null ? null : parcel.carrier())
                .setTrackingNumber(parcel == null ? null : parcel.trackingNumber())
                .setCarrierStatusCode(statusCode)
                .setRawContentType(response.contentType())
                .setRawPayload(ByteBuffer.wrap(body, 0, cut ? TrackingLimits.MAX_REJECTED_PAYLOAD_BYTES : body.length).slice())
                .setRawPayloadSize(cut ? (long) body.length : null)
                .build();
    }

    private record Checked(int order, ParcelReport.CarrierEvent event, RawTrackingEvent raw) {
    }
}
