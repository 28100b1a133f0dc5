package io.trackstream.notifier.outcome;

/** Why a record was dead-lettered: the value of the {@code trackstream-dlt-reason} header. */
public enum FailureReason {
    /** The order system answered 400 to the request. */
    REJECTED,
    /** The order system answered another 4xx (or refused the credentials, Carriyo's token endpoint included). */
    CLIENT_ERROR,
    /** Carriyo answered a 2xx that is neither the order nor empty: whether the order was closed is unknown. */
    UNEXPECTED_ANSWER,
    /** 429, 5xx, timeouts or I/O errors until the back-off gave up. */
    RETRIES_EXHAUSTED,
    /** The record's value cannot be read as the topic's Avro type. */
    UNDECODABLE,
    /** The tenant is not under {@code trackstream.notifier.tenants}; replay once it is configured. */
    TENANT_NOT_CONFIGURED,
    /** The record lacks what the order system requires (a numeric order id, shipment id ...). */
    INVALID_RECORD,
    /** Anything else, after the retries. */
    UNEXPECTED
}
