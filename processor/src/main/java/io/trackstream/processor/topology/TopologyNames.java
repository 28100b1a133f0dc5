package io.trackstream.processor.topology;

/**
 * Names of every processor, store and internal topic of the topology. Internal topic names derive from them
 * ({@code <application.id>-<name>-repartition}, {@code <application.id>-<store>-changelog}), so renaming one is a
 * migration: the pinned {@code topology.describe()} test makes that a conscious change.
 */
public final class TopologyNames {

    // stores (queried by the read API)
    public static final String PARCELS_STORE = "parcels-store";
    public static final String PARCEL_ASSIGNMENTS_STORE = "parcel-assignments-store";
    public static final String PARCEL_CHANGES_PENDING_STORE = "parcel-changes-pending-store";
    public static final String SHIPMENTS_STORE = "shipments-store";
    public static final String SHIPMENT_REGISTRATIONS_STORE = "shipment-registrations-store";
    public static final String SHIPMENTS_BY_ORDER_STORE = "shipments-by-order-store";
    public static final String AUTO_CLOSE_STORE = "auto-close-store";
    public static final String SHIPMENT_TENANTS_STORE = "shipment-tenants-store";
    public static final String SHIPMENT_STATUS_COUNTS_STORE = "shipment-status-counts-store";
    public static final String REGISTRATION_FAN_OUT_STORE = "registration-fan-out-store";
    public static final String SHIPMENT_ASSEMBLY_STORE = "shipment-assembly-store";

    // repartition topics
    public static final String PARCEL_ASSIGNMENTS_REPARTITION = "parcel-assignments";
    public static final String PARCEL_UPDATES_REPARTITION = "parcel-updates-by-shipment";

    // sources
    public static final String RAW_SOURCE = "raw-events-source";
    public static final String REGISTRATIONS_SOURCE = "registrations-source";

    // decoding
    public static final String RAW_DECODE = "raw-events-decode";
    public static final String RAW_UNDECODABLE = "raw-events-decode-failed";
    public static final String RAW_DECODED = "raw-events-decode-ok";
    public static final String RAW_UNDECODABLE_REJECT = "raw-events-undecodable-to-rejected";
    public static final String RAW_UNDECODABLE_SINK = "raw-events-undecodable-sink";
    public static final String RAW_DECODED_VALUE = "raw-events-decoded-value";
    public static final String RAW_AS_INPUT = "raw-events-as-parcel-input";
    public static final String REGISTRATIONS_DECODE = "registrations-decode";
    public static final String REGISTRATIONS_UNDECODABLE = "registrations-decode-failed";
    public static final String REGISTRATIONS_DECODED = "registrations-decode-ok";
    public static final String REGISTRATIONS_UNDECODABLE_REJECT = "registrations-undecodable-to-rejected";
    public static final String REGISTRATIONS_UNDECODABLE_SINK = "registrations-undecodable-sink";
    public static final String REGISTRATIONS_DECODED_VALUE = "registrations-decoded-value";

    // registrations fanned out to their parcels
    public static final String REGISTRATION_FAN_OUT = "registration-fan-out";
    public static final String REGISTRATION_FAN_OUT_SPLIT = "registration-fan-out-split";
    public static final String REGISTRATION_INVALID = "registration-fan-out-split-invalid";
    public static final String REGISTRATION_ASSIGNMENTS = "registration-fan-out-split-assignments";
    public static final String REGISTRATION_INVALID_VALUE = "registration-invalid-value";
    public static final String REGISTRATION_INVALID_SINK = "registration-invalid-sink";
    public static final String ASSIGNMENT_VALUE = "parcel-assignment-value";
    public static final String ASSIGNMENT_AS_INPUT = "parcel-assignment-as-parcel-input";

    // parcel state
    public static final String PARCEL_INPUTS = "parcel-inputs-merge";
    public static final String PARCEL_STATE = "parcel-state";
    public static final String PARCEL_OUTPUTS = "parcel-state-outputs";
    public static final String PARCEL_OUTPUT_UPDATES = "parcel-state-outputs-updates";
    public static final String PARCEL_OUTPUT_POLL_TARGETS = "parcel-state-outputs-poll-targets";
    public static final String PARCEL_OUTPUT_REJECTED = "parcel-state-outputs-rejected";
    public static final String PARCEL_UPDATE_VALUE = "parcel-update-value";
    public static final String POLL_TARGET_VALUE = "poll-target-value";
    public static final String POLL_TARGETS_SINK = "poll-targets-sink";
    public static final String PARCEL_REJECTED_VALUE = "parcel-rejected-value";
    public static final String PARCEL_REJECTED_SINK = "parcel-rejected-sink";

    // shipment state
    public static final String SHIPMENT_STATE = "shipment-state";
    public static final String SHIPMENT_OUTPUTS = "shipment-state-outputs";
    public static final String SHIPMENT_OUTPUT_SHIPMENTS = "shipment-state-outputs-shipments";
    public static final String SHIPMENT_OUTPUT_STATUS_CHANGES = "shipment-state-outputs-status-changes";
    public static final String SHIPMENT_OUTPUT_AUTO_CLOSE = "shipment-state-outputs-auto-close";
    public static final String SHIPMENT_VALUE = "shipment-value";
    public static final String SHIPMENTS_SINK = "shipments-sink";
    public static final String STATUS_CHANGE_VALUE = "status-change-value";
    public static final String STATUS_CHANGES_SINK = "status-changes-sink";
    public static final String PARCEL_CHANGE_VALUE = "parcel-change-value";
    public static final String PARCEL_CHANGES_SINK = "parcel-changes-sink";
    public static final String AUTO_CLOSE_VALUE = "auto-close-value";
    public static final String AUTO_CLOSE_SINK = "auto-close-sink";
    public static final String SHIPMENT_OUTPUT_REJECTED = "shipment-state-outputs-rejected";
    public static final String SHIPMENT_REJECTED_VALUE = "shipment-rejected-value";
    public static final String SHIPMENT_REJECTED_SINK = "shipment-rejected-sink";

    /** Stage name written into RejectedEvent.stage. */
    public static final String STAGE = "processor";

    private TopologyNames() {
    }
}
