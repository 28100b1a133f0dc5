package io.trackstream.pollers.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import io.trackstream.contract.ParcelKey;
import io.trackstream.pollers.targets.PollTargetEntry;
import org.junit.jupiter.api.Test;

class CyclePlanTest {

    private static final Instant FIRE = Instant.parse("2024-07-15T10:35:00Z");
    private static final Function<String, String> DEFAULT_ACCOUNT = a -> a == null ? "default" : a;

    private static PollTargetEntry target(String trackingNumber, String reference, String account) {
        return new PollTargetEntry(ParcelKey.of("elta", trackingNumber), "store-1", "s-" + reference, "o-" + reference,
                "shiplemon", reference, account);
    }

    @Test
    void parcels_of_one_shipment_with_the_same_reference_cost_one_call() {
        List<PollCall> calls = CyclePlan.plan("shiplemon", FIRE,
                List.of(target("ZU1", "ship-1", null), target("ZU2", "ship-1", null), target("ZU3", "ship-2", null)),
                Duration.ZERO, DEFAULT_ACCOUNT, a -> 100);

        assertThat(calls).hasSize(2);
        PollCall first = calls.stream().filter(c -> c.request().reference().equals("ship-1")).findFirst().orElseThrow();
        assertThat(first.targets()).hasSize(2);
        assertThat(first.request().knownParcels()).containsExactlyInAnyOrder(ParcelKey.of("elta", "ZU1"), ParcelKey.of("elta", "ZU2"));
    }

    @Test
    void the_same_reference_under_two_accounts_is_two_calls() {
        List<PollCall> calls = CyclePlan.plan("shiplemon", FIRE,
                List.of(target("ZU1", "ship-1", null), target("ZU2", "ship-1", "eu")), Duration.ZERO, DEFAULT_ACCOUNT, a -> 100);

        assertThat(calls).extracting(PollCall::account).containsExactlyInAnyOrder("default", "eu");
    }

    @Test
    void calls_are_spread_evenly_over_the_window() {
        List<PollCall> calls = CyclePlan.plan("shiplemon", FIRE,
                List.of(target("A", "r1", null), target("B", "r2", null), target("C", "r3", null), target("D", "r4", null)),
                Duration.ofMinutes(2), DEFAULT_ACCOUNT, a -> 100);

        assertThat(calls).extracting(PollCall::at).containsExactly(FIRE, FIRE.plusSeconds(30), FIRE.plusSeconds(60), FIRE.plusSeconds(90));
    }

    @Test
    void an_accounts_calls_are_never_planned_faster_than_its_rate() {
        List<PollCall> calls = CyclePlan.plan("shiplemon", FIRE,
                List.of(target("A", "r1", null), target("B", "r2", null), target("C", "r3", null)),
                Duration.ofSeconds(1), DEFAULT_ACCOUNT, a -> 0.5);

        assertThat(calls).extracting(PollCall::at).containsExactly(FIRE, FIRE.plusSeconds(2), FIRE.plusSeconds(4));
    }

    @Test
    void an_empty_cycle_plans_nothing() {
        assertThat(CyclePlan.plan("shiplemon", FIRE, List.of(), Duration.ofMinutes(2), DEFAULT_ACCOUNT, a -> 1)).isEmpty();
    }
}
