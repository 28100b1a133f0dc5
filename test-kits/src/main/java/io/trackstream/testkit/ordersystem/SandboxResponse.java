package io.trackstream.testkit.ordersystem;

/** An answer of the sandbox: status and JSON body (empty for none). */
record SandboxResponse(int status, String body) {

    static SandboxResponse empty(int status) {
        return new SandboxResponse(status, "");
    }
}
