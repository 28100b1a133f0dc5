package io.trackstream.local.apps;

/** The four trackstream apps, with their port offsets from the base port (the order of docs/conventions.md). */
public enum App {
    PROCESSOR("processor", 0),
    PRODUCER_POLLERS("producer-pollers", 1),
    WEBHOOK_INGEST("webhook-ingest", 2),
    ORDER_NOTIFIER("order-notifier", 3);

    private final String module;
    private final int portOffset;

    App(String module, int portOffset) {
        this.module = module;
        this.portOffset = portOffset;
    }

    /** The Maven module, which is also the app's name in logs and URLs. */
    public String module() {
        return module;
    }

    public int portOffset() {
        return portOffset;
    }
}
