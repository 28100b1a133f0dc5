package io.trackstream.processor.mapping;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The mapping tables an instance runs, replaced whole at a reload ({@link MappingReloader}): one reference swap, so
 * every stream thread sees either the old tables or the new ones, never a part of each. A caller that maps several
 * things together takes {@link #current()} once and maps with that.
 */
public final class ReloadableMappings extends StatusMappings {

    private final AtomicReference<StatusMappings> running;

    public ReloadableMappings(StatusMappings initial) {
        super(Map.of());
        this.running = new AtomicReference<>(Objects.requireNonNull(initial, "initial").current());
    }

    /** Runs {@code next} from now on; answers the tables it replaces. */
    StatusMappings replace(StatusMappings next) {
        return running.getAndSet(Objects.requireNonNull(next, "next").current());
    }

    @Override
    public StatusMappings current() {
        return running.get();
    }

    @Override
    public MappedStatus map(String provider, String carrier, String code, String substatus) {
        return current().map(provider, carrier, code, substatus);
    }

    @Override
    public MappedStatus map(String provider, String code, String substatus) {
        return current().map(provider, code, substatus);
    }

    @Override
    public String digest() {
        return current().digest();
    }

    @Override
    public Set<String> providers() {
        return current().providers();
    }

    @Override
    public StatusMapping table(String provider) {
        return current().table(provider);
    }
}
