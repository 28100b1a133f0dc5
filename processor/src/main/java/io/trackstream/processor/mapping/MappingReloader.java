package io.trackstream.processor.mapping;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Reads the mapping tables again while the processor runs (docs/processor.md, "When a table changes"), on a check
 * interval and when an operator asks ({@code POST /actuator/mappingtables}). Tables that load and differ from the running
 * ones replace them whole; the stream tasks then re-derive their stored parcels in the background. Tables that do
 * not load (a YAML error, an unknown status, two tables for one provider) are refused: the running tables stay, the
 * refusal is logged once per distinct problem, and {@code trackstream.processor.mappings.reload.refused} is 1 until
 * a reload succeeds or finds the running tables again.
 * <p>
 * Keeps the info gauge {@code trackstream.processor.mappings.info} naming the running digest.
 */
public final class MappingReloader implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MappingReloader.class);
    static final String INFO_GAUGE = "trackstream.processor.mappings.info";

    public enum Outcome { RELOADED, UNCHANGED, REFUSED }

    /**
     * @param digest   the digest running after the reload
     * @param previous the digest that ran before it
     * @param detail   why the tables were refused; null otherwise
     */
    public record Result(Outcome outcome, String digest, String previous, int providers, String detail, Instant at) {
    }

    private final ReloadableMappings tables;
    private final Supplier<StatusMappings> load;
    private final MeterRegistry registry;
    private final Clock clock;
    private final AtomicInteger refused = new AtomicInteger();
    private Gauge info;
    private volatile Result last;
    private String lastRefusal;
    private ScheduledExecutorService checks;

    /** @param load reads the tables from where they live (throws when they do not load) */
    public MappingReloader(ReloadableMappings tables, Supplier<StatusMappings> load, MeterRegistry registry, Clock clock) {
        this.tables = Objects.requireNonNull(tables, "tables");
        this.load = Objects.requireNonNull(load, "load");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        StatusMappings running = tables.current();
        this.last = new Result(Outcome.UNCHANGED, running.digest(), running.digest(), running.providers().size(), null, clock.instant());
        Gauge.builder("trackstream.processor.mappings.reload.refused", refused, AtomicInteger::get)
                .description("1 while the mapping tables on disk are refused (the running tables stay), else 0")
                .register(registry);
        registerInfo(running);
    }

    /** Loads the tables and runs them if they load and differ; {@code trigger} names who asked, for the log. */
    public synchronized Result reload(String trigger) {
        StatusMappings running = tables.current();
        StatusMappings loaded;
        try {
            loaded = load.get();
        } catch (RuntimeException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (!detail.equals(lastRefusal)) {
                log.error("Mapping tables refused ({}): {}. Still running tables {}", trigger, detail, running.digest());
            }
            lastRefusal = detail;
            refused.set(1);
            return done(new Result(Outcome.REFUSED, running.digest(), running.digest(), running.providers().size(), detail, clock.instant()));
        }
        if (lastRefusal != null) {
            log.info("Mapping tables load again ({})", trigger);
        }
        lastRefusal = null;
        refused.set(0);
        if (loaded.digest().equals(running.digest())) {
            return done(new Result(Outcome.UNCHANGED, running.digest(), running.digest(), running.providers().size(), null, clock.instant()));
        }
        tables.replace(loaded);
        registerInfo(loaded);
        log.info("Mapping tables reloaded ({}): digest {} -> {}, {} provider tables; stored parcels are re-derived in the background",
                trigger, running.digest(), loaded.digest(), loaded.providers().size());
        return done(new Result(Outcome.RELOADED, loaded.digest(), running.digest(), loaded.providers().size(), null, clock.instant()));
    }

    /** The last reload's result (at start: the tables loaded then, UNCHANGED). */
    public Result last() {
        return last;
    }

    /** Checks for changed tables every {@code interval} on a thread of its own; zero for never. */
    public synchronized void checkEvery(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("trackstream.processor.mapping-check-interval must not be negative, was " + interval);
        }
        if (interval.isZero() || checks != null) {
            return;
        }
        checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mapping-reload");
            thread.setDaemon(true);
            return thread;
        });
        long ms = interval.toMillis();
        checks.scheduleWithFixedDelay(() -> {
            try {
                reload("check every " + interval.toString().substring(2).toLowerCase(Locale.ROOT));
            } catch (RuntimeException e) {
                log.error("Mapping table check failed", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (checks != null) {
            checks.shutdownNow();
        }
    }

    private Result done(Result result) {
        last = result;
        registry.counter("trackstream.processor.mappings.reloads", "outcome", result.outcome().name().toLowerCase(Locale.ROOT)).increment();
        return result;
    }

    private void registerInfo(StatusMappings running) {
        if (info != null) {
            registry.remove(info);
        }
        info = Gauge.builder(INFO_GAUGE, () -> 1)
                .description("The mapping tables this instance runs (digest label; docs/processor.md)")
                .tag("digest", running.digest())
                .tag("providers", String.valueOf(running.providers().size()))
                .register(registry);
    }
}
