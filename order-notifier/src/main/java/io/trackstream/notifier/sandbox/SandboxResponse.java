package io.trackstream.notifier.sandbox;

/** An answer of the sandbox: status and JSON body (empty for none). */
record SandboxResponse(int status, String body) {

    static SandboxResponse empty(int status) {
        return new SandboxResponse(status, "");
    }
}
