package io.trackstream.pollers.schedule;

import java.time.Instant;
import java.util.List;

import io.trackstream.pollers.carrier.PollRequest;
import io.trackstream.pollers.targets.PollTargetEntry;

/** One provider call of a cycle, when to make it, and the parcels it covers. */
public record PollCall(PollRequest request, String account, List<PollTargetEntry> targets, Instant at) {

    public PollCall {
        targets = List.copyOf(targets);
    }

    /** Identifies the call across cycles, to avoid starting it again while it is still running. */
    public String key() {
        return request.provider() + '|' + account + '|' + request.reference();
    }
}
