package io.trackstream.testkit.ordersystem;

import java.time.Instant;

/**
 * One request the sandbox received and how it answered. {@code replayed} is true when the Idempotency-Key had been
 * seen and the stored answer was returned without applying anything; {@code injectedFault} when the answer came from
 * fault injection.
 */
public record ReceivedCall(
        Instant at,
        SandboxApi api,
        String method,
        String path,
        String idempotencyKey,
        String body,
        int status,
        boolean replayed,
        boolean injectedFault) {
}
