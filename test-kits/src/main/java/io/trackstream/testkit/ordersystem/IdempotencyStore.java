package io.trackstream.testkit.ordersystem;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The first answer to each Idempotency-Key that applied the request, per API and caller (Carriyo tenant-id, shop
 * Authorization). A request repeating such a key gets that answer again and changes nothing, as with Stripe-style
 * idempotency keys. An answer that applied nothing (a 4xx, Carriyo's empty 200 for an unknown order) is not kept: the
 * same key is processed anew once the cause is fixed (the order created, the body mended), so "fix, then replay"
 * works.
 */
final class IdempotencyStore {

    private final Map<String, SandboxResponse> answers = new HashMap<>();

    synchronized Optional<SandboxResponse> find(SandboxApi api, String caller, String key) {
        return key == null ? Optional.empty() : Optional.ofNullable(answers.get(id(api, caller, key)));
    }

    synchronized void rememberIfApplied(SandboxApi api, String caller, String key, SandboxResponse response) {
        boolean applied = response.status() / 100 == 2 && !(api == SandboxApi.CARRIYO && response.body().isEmpty());
        if (key != null && applied) {
            answers.putIfAbsent(id(api, caller, key), response);
        }
    }

    private static String id(SandboxApi api, String caller, String key) {
        return api + "\u0000" + caller + "\u0000" + key;
    }
}
