package io.trackstream.testkit.broker;

import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a {@link BrokerKit}. The backend is chosen by the system property {@value #PROPERTY} (or the environment
 * variable {@code TRACKSTREAM_BROKER}): {@code container} for Testcontainers, {@code in-process} for the in-process
 * broker, {@code auto} (the default) for containers when Docker answers and in-process otherwise. The log says which
 * one ran.
 */
public final class BrokerKits {

    public static final String PROPERTY = "trackstream.broker";

    private static final Logger log = LoggerFactory.getLogger(BrokerKits.class);

    private BrokerKits() {
    }

    public static BrokerKit start() {
        return start(BrokerKitOptions.defaults());
    }

    public static BrokerKit start(BrokerKitOptions options) {
        BrokerKit.Backend backend = chosen();
        log.info("Broker kit: starting the {} backend ({}={})", backend.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                PROPERTY, requested());
        return backend == BrokerKit.Backend.CONTAINER ? ContainerBrokerKit.start(options) : new InProcessBrokerKit(options, true);
    }

    /**
     * The in-process backend whatever is asked, for a process whose job is to run it with its data folder and fixed
     * ports (the local stack, the benchmarks); a fatal broker error ends that process, as in a real broker.
     */
    public static BrokerKit startInProcess(BrokerKitOptions options) {
        return new InProcessBrokerKit(options, false);
    }

    static BrokerKit.Backend chosen() {
        return backendFor(requested(), ContainerBrokerKit::dockerAvailable);
    }

    /** The backend {@code requested} names; for {@code auto}, containers if {@code dockerAvailable} says so. */
    static BrokerKit.Backend backendFor(String requested, BooleanSupplier dockerAvailable) {
        return switch (requested) {
            case "container" -> BrokerKit.Backend.CONTAINER;
            case "in-process" -> BrokerKit.Backend.IN_PROCESS;
            case "auto" -> dockerAvailable.getAsBoolean() ? BrokerKit.Backend.CONTAINER : BrokerKit.Backend.IN_PROCESS;
            default -> throw new IllegalArgumentException(PROPERTY + " must be container, in-process or auto, was " + requested);
        };
    }

    private static String requested() {
        return normalised(System.getProperty(PROPERTY, System.getenv().getOrDefault("TRACKSTREAM_BROKER", "auto")));
    }

    /** Blank means {@code auto}; case and surrounding blanks do not matter. */
    static String normalised(String value) {
        return value.isBlank() ? "auto" : value.trim().toLowerCase(Locale.ROOT);
    }
}
