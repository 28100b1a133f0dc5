package io.trackstream.processor.state;

import static io.trackstream.contract.TrackingLimits.utf8Length;

import java.util.Map;

import io.trackstream.avro.ChildParcel;
import io.trackstream.avro.Location;
import io.trackstream.avro.Parcel;
import io.trackstream.avro.RegisteredParcel;
import io.trackstream.avro.Shipment;
import io.trackstream.avro.ShipmentRegistration;
import io.trackstream.avro.TrackingEvent;

/**
 * An upper estimate of a value's Avro binary size, without encoding it: each string its UTF-8 length plus a
 * length prefix, each number or union branch its longest varint. Used to keep records within their bounds and to
 * weigh decoded values in memory.
 */
public final class RecordSize {

    /** A parcel (in its store, its changelog and the parcel-updates repartition topic) never exceeds this. */
    public static final int MAX_PARCEL_BYTES = 768 * 1024;

    private static final int STRING = 5;
    private static final int LONG = 10;
    private static final int SMALL = 2;

    private RecordSize() {
    }

    public static int of(TrackingEvent e) {
        return text(e.getEventKey()) + SMALL * 4 + text(e.getProvider()) + text(e.getCarrierStatusCode())
                + text(e.getCarrierSubstatus()) + text(e.getCarrierStatusText()) + 2 * LONG + of(e.getLocation());
    }

    public static int of(Parcel p) {
        int size = ofWithoutHistory(p);
        for (TrackingEvent e : p.getHistory()) {
            size += of(e);
        }
        return size;
    }

    /** The parcel's fields other than its history entries. */
    public static int ofWithoutHistory(Parcel p) {
        int size = text(p.getParcelKey()) + text(p.getCarrier()) + text(p.getTrackingNumber()) + text(p.getLabelId())
                + SMALL * 3 + text(p.getLastCarrierStatusCode()) + text(p.getLastCarrierStatusText()) + LONG * 4
                + text(p.getTrackingUrl()) + text(p.getLabelUrl()) + SMALL * 2 + LONG;
        for (ChildParcel c : p.getChildParcels()) {
            size += text(c.getTrackingNumber()) + text(c.getTrackingUrl()) + text(c.getLabelUrl());
        }
        if (p.getTrimmedStatusEvent() != null) {
            size += of(p.getTrimmedStatusEvent());
        }
        return size + STRING + (p.getTrimmedEventKeys() == null ? 0 : p.getTrimmedEventKeys().remaining());
    }

    public static int of(ShipmentRegistration r) {
        int size = text(r.getTenant()) + text(r.getShipmentId()) + text(r.getOrderId()) + text(r.getPartnerOrderReference())
                + text(r.getSalesChannel()) + text(r.getCarrier()) + text(r.getCarrierName()) + text(r.getProvider())
                + text(r.getProviderReference()) + text(r.getCarrierAccount()) + text(r.getTrackingUrl()) + LONG * 4 + SMALL * 4
                + of(r.getAttributes());
        for (RegisteredParcel p : r.getParcels()) {
            size += text(p.getTrackingNumber()) + text(p.getCarrier()) + text(p.getLabelId()) + text(p.getLabelUrl());
        }
        return size;
    }

    public static int of(Shipment s) {
        int size = text(s.getShipmentId()) + text(s.getTenant()) + text(s.getOrderId()) + text(s.getPartnerOrderReference())
                + text(s.getSalesChannel()) + text(s.getCarrier()) + text(s.getCarrierName()) + text(s.getProvider())
                + text(s.getProviderReference()) + text(s.getCarrierAccount()) + LONG * 7 + SMALL * 4 + of(s.getAttributes());
        for (String url : s.getTrackingUrls()) {
            size += text(url);
        }
        for (Parcel p : s.getParcels()) {
            size += of(p);
        }
        return size;
    }

    private static int of(Location l) {
        return l == null ? 1 : 1 + text(l.getDescription()) + text(l.getCity()) + text(l.getPostalCode()) + text(l.getCountryCode());
    }

    private static int of(Map<String, String> map) {
        int size = SMALL;
        for (Map.Entry<String, String> e : map.entrySet()) {
            size += text(e.getKey()) + text(e.getValue());
        }
        return size;
    }

    private static int text(CharSequence s) {
        return s == null ? 1 : STRING + utf8Length(s);
    }
}
