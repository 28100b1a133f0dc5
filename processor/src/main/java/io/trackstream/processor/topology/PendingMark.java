package io.trackstream.processor.topology;

/**
 * A parcel's entry in {@code parcel-changes-pending-store}: the status its shipments last heard, whether it changed
 * since, and the batch (one poll's or webhook's events of this parcel) it is taking in. A changed parcel is sent
 * on at a flush only once its batch is complete, or has waited longer than the batch wait, so the status a
 * shipment hears never depends on where a tick falls inside a batch.
 *
 * @param heardStatus the parcel status its shipments last heard ("" for none)
 * @param changed     whether the parcel changed since it was last sent on
 * @param batchId     the batch being taken in, or null
 * @param seen        how many of the batch's events have arrived
 * @param size        how many events the batch has
 * @param sinceMs     wall-clock time of the batch's first event
 */
record PendingMark(String heardStatus, boolean changed, String batchId, int seen, int size, long sinceMs) {

    private static final String V2 = "\u0002";
    private static final char SEP = '\u0001';

    static PendingMark changedFrom(String heardStatus) {
        return new PendingMark(heardStatus, true, null, 0, 0, 0L);
    }

    /** Whether every event of its batch has arrived (true when it has no batch). */
    boolean complete() {
        return batchId == null || seen >= size;
    }

    boolean due(long nowMs, long batchWaitMs) {
        return complete() || nowMs - sinceMs >= batchWaitMs;
    }

    /** This mark after one more event of batch {@code id} of {@code total} events arrived at {@code nowMs}. */
    PendingMark withBatchEvent(String id, int total, long nowMs) {
        if (id.equals(batchId)) {
            return new PendingMark(heardStatus, changed, batchId, seen + 1, size, sinceMs);
        }
        return new PendingMark(heardStatus, changed, id, 1, total, nowMs);
    }

    PendingMark withChange() {
        return changed ? this : new PendingMark(heardStatus, true, batchId, seen, size, sinceMs);
    }

    String encode() {
        return V2 + heardStatus + SEP + (changed ? '1' : '0') + SEP + (batchId == null ? "" : batchId) + SEP + seen + SEP + size
                + SEP + sinceMs;
    }

    /** Also reads the marks written before batches: the heard status alone. */
    static PendingMark decode(String value) {
        if (!value.startsWith(V2)) {
            return changedFrom(value);
        }
        String[] parts = value.substring(1).split(String.valueOf(SEP), -1);
        return new PendingMark(parts[0], "1".equals(parts[1]), parts[2].isEmpty() ? null : parts[2],
                Integer.parseInt(parts[3]), Integer.parseInt(parts[4]), Long.parseLong(parts[5]));
    }
}
