package io.trackstream.pollers.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import io.trackstream.pollers.carrier.PollRequest;
import io.trackstream.pollers.targets.PollTargetEntry;

/**
 * Which calls a cycle makes and when. Parcels polled with the same reference under the same account share one call
 * (several parcels of one shipment cost one request). Calls are spread evenly over the spread window, and never
 * faster than the account's rate, so a big cycle stretches out rather than bursting into the rate limiter.
 */
public final class CyclePlan {

    private CyclePlan() {
    }

    /**
     * @param accountOf     the account name a target's carrierAccount resolves to (null means the default account)
     * @param rateOfAccount requests per second allowed for an account
     */
    public static List<PollCall> plan(String provider, Instant start, Collection<PollTargetEntry> targets, Duration spread,
            Function<String, String> accountOf, ToDoubleFunction<String> rateOfAccount) {
        Map<List<String>, List<PollTargetEntry>> groups = new LinkedHashMap<>();
        targets.stream()
                .sorted(Comparator.comparing((PollTargetEntry t) -> accountOf.apply(t.carrierAccount()))
                        .thenComparing(PollTargetEntry::reference)
                        .thenComparing(t -> t.parcel().toString()))
                .forEach(t -> groups.computeIfAbsent(List.of(accountOf.apply(t.carrierAccount()), t.reference()),
                        k -> new ArrayList<>()).add(t));

        int total = groups.size();
        Map<String, Integer> callsPerAccount = new HashMap<>();
        List<PollCall> calls = new ArrayList<>(total);
        int index = 0;
        for (Map.Entry<List<String>, List<PollTargetEntry>> group : groups.entrySet()) {
            String account = group.getKey().get(0);
            String reference = group.getKey().get(1);
            int nth = callsPerAccount.merge(account, 1, Integer::sum) - 1;
            long spreadNanos = total == 0 ? 0 : spread.toNanos() / total * index;
            long rateNanos = (long) (nth * 1_000_000_000L / rateOfAccount.applyAsDouble(account));
            Instant at = start.plusNanos(Math.max(spreadNanos, rateNanos));
            List<PollTargetEntry> parcels = group.getValue();
            PollRequest request = new PollRequest(provider, reference, parcels.get(0).carrierAccount(),
                    parcels.stream().map(PollTargetEntry::parcel).distinct().toList());
            calls.add(new PollCall(request, account, parcels, at));
            index++;
        }
        calls.sort(Comparator.comparing(PollCall::at));
        return calls;
    }
}
