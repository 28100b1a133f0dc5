package io.trackstream.ingest.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the signatures of accepted webhooks for the replay window, so a captured request cannot be sent again
 * while its timestamp is still fresh (after that, the timestamp check refuses it). A signature is claimed when a
 * request starts and released again if the request could not be made durable (503), because the sender is then
 * expected to retry the very same request.
 * <p>
 * The memory is per instance: with several instances behind a load balancer, a replay reaching another instance
 * within the window gets through; the processor's dedupe makes such a duplicate harmless.
 */
public class ReplayGuard {

    /** Sweeping the whole map on every request would cost O(n) each; once a second is plenty. */
    private static final Duration EVICTION_INTERVAL = Duration.ofSeconds(1);

    private final Map<String, Instant> expiryBySignature = new ConcurrentHashMap<>();
    private final Duration window;
    private final Clock clock;
    private volatile Instant nextEviction = Instant.MIN;

    public ReplayGuard(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    /** True if the signature was not seen within the window; it is then remembered until the window ends. */
    public boolean claim(String signature) {
        Instant now = clock.instant();
        evictExpired(now);
        Instant expiry = now.plus(window);
        Instant previous = expiryBySignature.putIfAbsent(signature, expiry);
        if (previous == null) {
            return true;
        }
        if (previous.isBefore(now)) {
            return expiryBySignature.replace(signature, previous, expiry);
        }
        return false;
    }

    /** Forgets a claim, so the sender can retry the same signed request. */
    public void release(String signature) {
        expiryBySignature.remove(signature);
    }

    int remembered() {
        return expiryBySignature.size();
    }

    private void evictExpired(Instant now) {
        if (now.isBefore(nextEviction)) {
            return;
        }
        nextEviction = now.plus(EVICTION_INTERVAL);
        for (Iterator<Instant> it = expiryBySignature.values().iterator(); it.hasNext(); ) {
            if (it.next().isBefore(now)) {
                it.remove();
            }
        }
    }
}
