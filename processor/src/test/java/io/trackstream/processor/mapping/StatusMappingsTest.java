package io.trackstream.processor.mapping;

import static io.trackstream.avro.CanonicalStatus.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.trackstream.avro.CanonicalStatus;
import io.trackstream.avro.ReasonCode;

class StatusMappingsTest {

    private static final StatusMappings MAPPINGS = MappingFiles.load(null);

    @Test
    void everyProviderOfTheConventionsHasATable() {
        assertThat(MAPPINGS.providers()).containsExactlyInAnyOrder("shiplemon", "courier-sync", "salesive", "carriyo", "generic");
    }

    @ParameterizedTest(name = "{0} {1}/{2} -> {3} {4}")
    @CsvSource(nullValues = "null", value = {
            "shiplemon, PRE_TRANSIT, null, INFO_RECEIVED, NONE",
            "shiplemon, TRANSIT, null, IN_TRANSIT, NONE",
            "shiplemon, TRANSIT, WITH_COURIER, OUT_FOR_DELIVERY, NONE",
            "shiplemon, DELIVERED, null, DELIVERED, NONE",
            "shiplemon, EXCEPTION, null, EXCEPTION, OTHER",
            "shiplemon, EXCEPTION, package_lost, EXCEPTION, LOST",
            "shiplemon, TRANSIT, SOMETHING_NEW, IN_TRANSIT, NONE",
            "shiplemon, delivered, null, DELIVERED, NONE",
            "courier-sync, delivered, delivered_001, DELIVERED, NONE",
            "courier-sync, Delivered, Delivered_002, DELIVERED, NONE",
            "courier-sync, InTransit, InTransit_002, PICKED_UP, NONE",
            "courier-sync, in_transit, null, IN_TRANSIT, NONE",
            "courier-sync, exception, exception_011, RETURNED_TO_SENDER, NONE",
            "courier-sync, exception, exception_010, RETURNING_TO_SENDER, NONE",
            "courier-sync, exception, exception_013, EXCEPTION, LOST",
            "courier-sync, exception, exception_004, DELAYED, CUSTOMS",
            "courier-sync, AttemptFail, null, DELIVERY_ATTEMPT_FAILED, RECIPIENT_UNAVAILABLE",
            "courier-sync, available_for_pickup, null, AVAILABLE_FOR_PICKUP, NONE",
            "courier-sync, expired, expired_001, EXPIRED, NONE",
            "courier-sync, pending, pending_001, INFO_RECEIVED, NONE",
            "salesive, in_transit, null, IN_TRANSIT, NONE",
            "salesive, label_created, null, INFO_RECEIVED, NONE",
            "salesive, failed_attempt, null, DELIVERY_ATTEMPT_FAILED, RECIPIENT_UNAVAILABLE",
            "salesive, cancelled, null, CANCELLED, CANCELLED_BY_SENDER",
            "salesive, returned, null, RETURNED_TO_SENDER, NONE",
            "carriyo, booked, null, INFO_RECEIVED, NONE",
            "carriyo, shipped, null, PICKED_UP, NONE",
            "carriyo, failed_delivery_attempt, null, DELIVERY_ATTEMPT_FAILED, RECIPIENT_UNAVAILABLE",
            "carriyo, return_in_transit, null, RETURNING_TO_SENDER, NONE",
            "carriyo, suspended, null, DELAYED, CARRIER_DELAY",
            "carriyo, error, null, EXCEPTION, OTHER",
            "carriyo, delivered, null, DELIVERED, NONE",
            "generic, OUT_FOR_DELIVERY, null, OUT_FOR_DELIVERY, NONE",
            "generic, returned_to_sender, null, RETURNED_TO_SENDER, NONE",
    })
    void mapsProviderCodesCaseInsensitively(String provider, String code, String substatus, CanonicalStatus status, ReasonCode reason) {
        MappedStatus mapped = MAPPINGS.map(provider, code, substatus);
        assertThat(mapped.outcome()).isEqualTo(MappedStatus.Outcome.MAPPED);
        assertThat(mapped.status()).isEqualTo(status);
        assertThat(mapped.reason()).isEqualTo(reason);
    }

    @Test
    void anUnknownCodeIsUnknownAndSaysWhy() {
        assertThat(MAPPINGS.map("courier-sync", "teleported", null))
                .isEqualTo(new MappedStatus(UNKNOWN, ReasonCode.NONE, MappedStatus.Outcome.UNMAPPED_STATUS));
        assertThat(MAPPINGS.map("pigeon-post", "delivered", null).outcome()).isEqualTo(MappedStatus.Outcome.UNKNOWN_PROVIDER);
        assertThat(MAPPINGS.map("Shiplemon", "TRANSIT", null).status()).isEqualTo(IN_TRANSIT);
    }

    @Test
    void everyAfterShipTagAndDocumentedSubtagIsCovered() {
        StatusMapping table = MAPPINGS.table("courier-sync");
        for (String tag : List.of("pending", "info_received", "in_transit", "out_for_delivery", "attempt_fail", "delivered",
                "available_for_pickup", "exception", "expired")) {
            assertThat(table.map(tag, null)).as(tag).isPresent();
        }
        List<String> subtags = new java.util.ArrayList<>();
        for (int i = 1; i <= 6; i++) subtags.add("pending_00" + i);
        for (int i = 1; i <= 9; i++) subtags.add("in_transit_00" + i);
        for (int i = 1; i <= 5; i++) subtags.add("delivered_00" + i);
        for (int i = 1; i <= 13; i++) subtags.add(String.format("exception_%03d", i));
        subtags.addAll(List.of("info_received_001", "out_for_delivery_001", "out_for_delivery_003", "out_for_delivery_004",
                "attempt_fail_001", "attempt_fail_002", "attempt_fail_003", "available_for_pickup_001", "expired_001"));
        for (String subtag : subtags) {
            assertThat(table.substatuses()).as(subtag).containsKey(StatusMapping.normalise(subtag));
        }
    }

    @Test
    void aTableWithATypoIsRefusedAtStart() {
        assertThatThrownBy(() -> load("provider: x\nstatuses:\n  moving: IN_TRANSTI\n"))
                .hasMessageContaining("unknown status IN_TRANSTI");
        assertThatThrownBy(() -> load("provider: x\nstatuses:\n  lost: {status: EXCEPTION, reason: GONE}\n"))
                .hasMessageContaining("unknown reason GONE");
        assertThatThrownBy(() -> load("provider: x\nstatuses:\n  in_transit: IN_TRANSIT\n  InTransit: IN_TRANSIT\n"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> load("statuses:\n  a: IN_TRANSIT\n")).hasMessageContaining("no provider");
    }

    @Test
    void aTableCanBeJson() {
        StatusMapping table = load("{\"provider\": \"Acme\", \"statuses\": {\"OK\": \"DELIVERED\", \"LOST\": {\"status\": \"EXCEPTION\", \"reason\": \"LOST\"}}}");
        assertThat(table.provider()).isEqualTo("acme");
        assertThat(table.map("lost", null)).contains(MappedStatus.of(EXCEPTION, ReasonCode.LOST));
    }

    @Test
    void twoTablesForOneProviderAreRefused() {
        StatusMapping a = load("provider: acme\nstatuses:\n  ok: DELIVERED\n");
        assertThatThrownBy(() -> StatusMappingLoader.combine(List.of(a, a))).hasMessageContaining("acme");
    }

    /** Adding a carrier that sends the generic webhook in its own words is adding a file for it. */
    @Test
    void aCarriersOwnTableMapsItsCodesAndFallsBackToTheProvidersTable() {
        StatusMapping acs = load("""
                provider: generic/ACS
                statuses:
                  "ΠΑΡΑΔΟΘΗΚΕ": DELIVERED
                  "ΣΕ ΜΕΤΑΦΟΡΑ": IN_TRANSIT
                  "ΑΠΩΛΕΙΑ": {status: EXCEPTION, reason: LOST}
                """);
        StatusMappings mappings = StatusMappingLoader.combine(List.of(acs, MAPPINGS.table("generic")));

        assertThat(mappings.map("generic", "acs", "ΠΑΡΑΔΟΘΗΚΕ", null)).isEqualTo(MappedStatus.of(DELIVERED, ReasonCode.NONE));
        assertThat(mappings.map("generic", "acs", "ΑΠΩΛΕΙΑ", null)).isEqualTo(MappedStatus.of(EXCEPTION, ReasonCode.LOST));
        assertThat(mappings.map("generic", "acs", "OUT_FOR_DELIVERY", null).status()).as("canonical names still work").isEqualTo(OUT_FOR_DELIVERY);
        assertThat(mappings.map("generic", "elta", "ΠΑΡΑΔΟΘΗΚΕ", null).outcome()).as("another carrier's codes are not ACS's")
                .isEqualTo(MappedStatus.Outcome.UNMAPPED_STATUS);
        assertThat(mappings.map("generic", "acs", "ΤΗΛΕΜΕΤΑΦΟΡΑ", null).outcome()).isEqualTo(MappedStatus.Outcome.UNMAPPED_STATUS);
    }

    private static StatusMapping load(String text) {
        return StatusMappingLoader.load("test", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
