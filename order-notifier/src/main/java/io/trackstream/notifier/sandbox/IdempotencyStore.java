package io.trackstream.notifier.sandbox;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The first answer to each Idempotency-Key, per API and caller (Carriyo tenant-id, shop Authorization). A request
 * repeating a key gets that answer again and changes nothing, as with Stripe-style idempotency keys.
 */
final class IdempotencyStore {

    private final Map<String, SandboxResponse> answers = new HashMap<>();

    synchronized Optional<SandboxResponse> find(SandboxApi api, String caller, String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(answers.get(id(api, caller, key)));
    }

    synchronized void remember(SandboxApi api, String caller, String key, SandboxResponse response) {
        if (key != null) {
            answers.putIfAbsent(id(api, caller, key), response);
        }
    }

    private static String id(SandboxApi api, String caller, String key) {
        return api + "\u0000" + caller + "\u0000" + key;
    }
}
