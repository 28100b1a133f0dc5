package io.trackstream.ingest.security;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the signed webhooks this instance has taken in, so a captured request cannot be sent again while its
 * timestamp is still fresh, and so a sender's retry of a request still in flight waits for the first one's outcome
 * instead of being called a replay.
 * <p>
 * A signature is claimed when its request starts. The request then either settles it (202, or a 4xx whose payload is
 * kept: a later copy is a replay) or releases it (503, or our own failure: the sender is expected to send the very
 * same request again). A copy arriving while the first is in flight gets the first one's outcome to wait on.
 * <p>
 * Bounded: a signature is remembered until its timestamp leaves the replay window (at most twice the window after it
 * was claimed), in a Caffeine cache swept by its own thread, never by the request threads; and there are at most
 * {@code maxEntries} of them. Past that the guard fails closed ({@link Full}: the caller answers 503 with Retry-After)
 * rather than forgetting a signature that could then be replayed. The memory is per instance (docs/webhook-ingest.md).
 */
public final class ReplayGuard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplayGuard.class);

    /** The outcome of a released claim: the sender may try again, and a waiting copy may take the claim over. */
    public static final Object RELEASED = new Object() {
        @Override
        public String toString() {
            return "RELEASED";
        }
    };

    /** What is kept of a settled signature: nothing but the fact (its outcome was handed to whoever waited on it). */
    private static final Entry SETTLED = new Entry(CompletableFuture.completedFuture(null), 0);

    /** What {@link #claim} found. */
    public sealed interface Claim permits Owned, InFlight, Replayed, Full {
    }

    /** The signature is this request's: it must {@link #settle} or {@link #release} it. */
    public record Owned(Key key, CompletableFuture<Object> outcome) implements Claim {
    }

    /** Another request with this signature is in flight; its outcome completes {@code outcome}. */
    public record InFlight(CompletableFuture<Object> outcome) implements Claim {
    }

    /** The signature was settled within the window: this is a replay. */
    public enum Replayed implements Claim { INSTANCE }

    /** The guard holds {@code maxEntries} signatures: refuse (503) rather than forget one. */
    public enum Full implements Claim { INSTANCE }

    /** A signature: the provider and the first 128 bits of its HMAC (32 bytes of key per entry, not a hex string). */
    public record Key(String provider, long high, long low) {
        public static Key of(String provider, byte[] hmac) {
            return new Key(provider, bytesToLong(hmac, 0), bytesToLong(hmac, 8));
        }

        private static long bytesToLong(byte[] bytes, int offset) {
            long value = 0;
            for (int i = offset; i < offset + 8 && i < bytes.length; i++) {
                value = (value << 8) | (bytes[i] & 0xff);
            }
            return value;
        }
    }

    private record Entry(CompletableFuture<Object> outcome, long ttlNanos) {
    }

    private final Duration window;
    private final long maxEntries;
    private final Clock clock;
    private final Cache<Key, Entry> cache;
    private final ConcurrentMap<Key, Entry> map;
    private final ExecutorService sweeper;
    private final AtomicLong evictedBySize = new AtomicLong();

    /** As run: the system ticker, and the cache's maintenance on a thread of its own. */
    public ReplayGuard(Duration window, long maxEntries, Clock clock) {
        this(window, maxEntries, clock, Ticker.systemTicker(), null);
    }

    /**
     * @param ticker   the cache's time source (tests move it with the clock)
     * @param executor where the cache's maintenance runs; null for a thread of the guard's own
     */
    public ReplayGuard(Duration window, long maxEntries, Clock clock, Ticker ticker, Executor executor) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("the replay cache needs room for at least one signature");
        }
        this.window = window;
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.sweeper = executor == null ? Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "replay-cache-sweeper");
            thread.setDaemon(true);
            return thread;
        }) : null;
        Caffeine<Object, Object> builder = Caffeine.newBuilder()
                .executor(executor != null ? executor : sweeper)
                .ticker(ticker)
                // Admission is refused at maxEntries (Full); the cache's own bound only backs that up against races.
                .maximumSize(maxEntries + Math.max(1024, maxEntries / 100));
        if (executor == null) {
            // Expired signatures are swept when they expire, by the sweeper, not piecemeal by the requests.
            builder.scheduler(Scheduler.systemScheduler());
        }
        this.cache = builder.<Key, Entry>removalListener((key, entry, cause) -> {
            if (cause == RemovalCause.SIZE) {
                evictedBySize.incrementAndGet();
            }
        }).expireAfter(new Expiry<Key, Entry>() {
            @Override
            public long expireAfterCreate(Key key, Entry entry, long currentTime) {
                return entry.ttlNanos();
            }

            @Override
            public long expireAfterUpdate(Key key, Entry entry, long currentTime, long currentDuration) {
                return currentDuration;
            }

            @Override
            public long expireAfterRead(Key key, Entry entry, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).build();
        this.map = cache.asMap();
    }

    /**
     * Claims a signature whose timestamp is {@code signedAtEpochSeconds}; it is remembered until that timestamp is
     * older than the window (after which the authenticator refuses it as expired anyway).
     */
    public Claim claim(Key key, long signedAtEpochSeconds) {
        while (true) {
            Entry existing = map.get(key);
            if (existing == null) {
                if (cache.estimatedSize() >= maxEntries) {
                    return Full.INSTANCE;
                }
                Entry mine = new Entry(new CompletableFuture<>(), ttlNanos(signedAtEpochSeconds));
                existing = map.putIfAbsent(key, mine);
                if (existing == null) {
                    return new Owned(key, mine.outcome());
                }
            }
            if (existing == SETTLED) {
                return Replayed.INSTANCE;
            }
            if (!existing.outcome().isDone()) {
                return new InFlight(existing.outcome());
            }
            // Settled or released a moment ago: look again.
            Thread.onSpinWait();
        }
    }

    /** The request made its outcome final (202, or a 4xx whose payload is kept): copies are replays from now on. */
    public void settle(Owned claim, Object outcome) {
        map.computeIfPresent(claim.key(), (key, entry) -> entry.outcome() == claim.outcome() ? SETTLED : entry);
        claim.outcome().complete(outcome);
    }

    /** The request was not made durable: forget the signature, so the sender (or a waiting copy) can try again. */
    public void release(Owned claim) {
        map.computeIfPresent(claim.key(), (key, entry) -> entry.outcome() == claim.outcome() ? null : entry);
        claim.outcome().complete(RELEASED);
    }

    /** Signatures held now (after a sweep of expired ones). */
    public long remembered() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** An estimate, for the gauge: may still count a few expired signatures. */
    public long size() {
        return cache.estimatedSize();
    }

    public long maxEntries() {
        return maxEntries;
    }

    /** Signatures the cache itself dropped for size: admission control keeps this at 0. */
    public long evictedBySize() {
        return evictedBySize.get();
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        if (evictedBySize.get() > 0) {
            log.error("The replay cache dropped {} signature(s) for size; raise trackstream.ingest.replay-cache.max-entries",
                    evictedBySize.get());
        }
    }

    private long ttlNanos(long signedAtEpochSeconds) {
        long until = Math.addExact(signedAtEpochSeconds, window.toSeconds());
        long ttlMillis = until * 1000 - clock.millis();
        // The authenticator only lets timestamps within the window through: this lies in (0, 2 windows].
        long bounded = Math.max(1000, Math.min(ttlMillis, 2 * window.toMillis()));
        return bounded * 1_000_000;
    }
}
