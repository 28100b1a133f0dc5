package io.trackstream.testkit.broker;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to start a {@link BrokerKit}.
 *
 * @param dataDir          where the in-process broker and registry keep their data; null for a temporary folder removed
 *                         on close
 * @param brokerPort       the in-process broker's client port; 0 for a free one below the ephemeral range
 * @param controllerPort   the in-process broker's KRaft controller port; 0 likewise
 * @param registryPort     the in-process registry's port; 0 likewise
 * @param brokerProperties broker settings over the kit's defaults (both backends)
 */
public record BrokerKitOptions(Path dataDir, int brokerPort, int controllerPort, int registryPort,
        Map<String, String> brokerProperties) {

    public BrokerKitOptions {
        brokerProperties = Map.copyOf(brokerProperties);
    }

    public static BrokerKitOptions defaults() {
        return new BrokerKitOptions(null, 0, 0, 0, Map.of());
    }

    public BrokerKitOptions withDataDir(Path dir) {
        return new BrokerKitOptions(dir, brokerPort, controllerPort, registryPort, brokerProperties);
    }

    public BrokerKitOptions withPorts(int broker, int controller, int registry) {
        return new BrokerKitOptions(dataDir, broker, controller, registry, brokerProperties);
    }

    public BrokerKitOptions withBrokerProperties(Map<String, String> properties) {
        return new BrokerKitOptions(dataDir, brokerPort, controllerPort, registryPort, properties);
    }
}
