package io.trackstream.local.apps;

import java.nio.file.Path;

/**
 * Where the apps find what the local stack runs for them.
 *
 * @param carrierSandboxUrl     base of the carrier sandbox; the providers live under /shiplemon, /salesive, /courier-sync
 * @param orderSandboxUrl       base of the order-system sandbox (both order APIs)
 * @param dataDir               the run's data folder (processor state goes under it)
 */
public record StackEndpoints(String bootstrapServers, String schemaRegistryUrl, String carrierSandboxUrl,
        String orderSandboxUrl, Path dataDir) {
}
