package io.trackstream.pollers.api;

import io.trackstream.pollers.shipments.ShipmentView;

/** What an on-demand sync can honestly say about the state it returns. */
public record SyncOutcome(ShipmentView shipment, Kind kind) {

    public enum Kind {
        /** The processor applied the poll: the state includes what the carrier just said. */
        APPLIED("applied", "Synced: the shipment state includes the carrier's latest answer"),
        /** The state already held the carrier's newest event, so the poll cannot change it. */
        UP_TO_DATE("up_to_date", "Synced: the shipment state already included the carrier's latest event"),
        /** The carrier had nothing to report; the state is unchanged. */
        NO_EVENTS("no_events", "Synced: the carrier reported no tracking events yet"),
        /** The shipment's carrier pushes its news (webhooks); there is no API to poll, so this is its current state. */
        NOT_POLLABLE("not_pollable", "This shipment's carrier reports by webhook and has no API to poll; this is its current state"),
        /** Published, but not applied within the wait: this is the last known state. */
        NOT_APPLIED("not_applied", "Polled the carrier, but the update is not applied yet; this is the last known state. Ask again shortly");

        private final String tag;
        private final String message;

        Kind(String tag, String message) {
            this.tag = tag;
            this.message = message;
        }

        public String tag() {
            return tag;
        }

        public String message() {
            return message;
        }
    }

    /** 200 when the answer reflects the carrier, 202 when the update was accepted but is not visible yet. */
    public int httpStatus() {
        return kind == Kind.NOT_APPLIED ? 202 : 200;
    }
}
