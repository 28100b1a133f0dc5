package io.trackstream.notifier.shop;

/**
 * Per shipment, the version of the last update the shop platform acknowledged. The shop keeps whatever it was sent
 * last, so an update older than that one must not be sent: it would roll the shop back.
 */
public interface AppliedShopVersions {

    /** Whether the shop already has a newer version of the shipment than {@code version}. */
    boolean isOlderThanApplied(String shipmentId, long version);

    /** Records, durably, that the shop acknowledged {@code version} of the shipment. */
    void applied(String shipmentId, long version);
}
