package io.trackstream.notifier.deadletter;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.Target;

/**
 * Which dead letters a replay writes back. Without a filter it is the dead letters not replayed yet, from the replay
 * group's committed offset on, except {@code REJECTED} and {@code INVALID_RECORD}: the same request would be refused
 * again unless something changed, so they are resent only when a reason filter names them. With any filter the run is
 * <em>aimed</em>: it reads the dead letter topic from the start of the time range (or its beginning) to its end,
 * replays what matches, and neither reads nor moves the replay group's offset, so an aimed run never makes a later
 * plain run skip anything. A dry run lists what would be replayed and writes nothing.
 *
 * @param reasons empty: every reason but {@link #HELD_BACK}
 * @param from    dead-lettered at or after (the dead letter's timestamp), inclusive
 * @param to      dead-lettered before, exclusive
 */
public record ReplaySelection(Set<FailureReason> reasons, Optional<Target> target, Optional<String> tenant,
        Optional<Instant> from, Optional<Instant> to, boolean dryRun) {

    /** Reasons not resent unless asked for by name. */
    public static final Set<FailureReason> HELD_BACK = EnumSet.of(FailureReason.REJECTED, FailureReason.INVALID_RECORD);

    public static final ReplaySelection ALL_NOT_REPLAYED = new ReplaySelection(Set.of(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), false);

    public ReplaySelection {
        reasons = reasons.isEmpty() ? Set.of() : Set.copyOf(reasons);
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("--replay-from " + from.get() + " must be before --replay-to " + to.get());
        }
    }

    /** True when a filter was given: the run ignores the replay group's progress. */
    public boolean aimed() {
        return !reasons.isEmpty() || target.isPresent() || tenant.isPresent() || from.isPresent() || to.isPresent();
    }

    public boolean needsTenant() {
        return tenant.isPresent();
    }

    /** Whether a dead letter of this reason is held back by default (and not named by the filter). */
    public boolean holdsBack(FailureReason reason) {
        return reasons.isEmpty() && reason != null && HELD_BACK.contains(reason);
    }

    public boolean matches(FailureReason reason, Target deadLetterTarget, String deadLetterTenant, Instant deadLetteredAt) {
        if (reasons.isEmpty() ? holdsBack(reason) : !reasons.contains(reason)) {
            return false;
        }
        if (target.isPresent() && target.get() != deadLetterTarget) {
            return false;
        }
        if (tenant.isPresent() && !tenant.get().equals(deadLetterTenant)) {
            return false;
        }
        if (from.isPresent() && deadLetteredAt.isBefore(from.get())) {
            return false;
        }
        return to.isEmpty() || deadLetteredAt.isBefore(to.get());
    }

    /**
     * Reads the command line's filters ({@code --replay-reason=CLIENT_ERROR,REJECTED}, {@code --replay-target=carriyo},
     * {@code --replay-tenant=acme}, {@code --replay-from=2026-12-07T10:00:00Z}, {@code --replay-to=…},
     * {@code --replay-dry-run}); a value it cannot read is an {@link IllegalArgumentException} naming the option.
     */
    public static ReplaySelection parse(java.util.function.Function<String, List<String>> option, boolean dryRun) {
        Set<FailureReason> reasons = EnumSet.noneOf(FailureReason.class);
        for (String value : values(option, "replay-reason")) {
            if (value.equalsIgnoreCase("ALL")) {
                reasons.addAll(EnumSet.allOf(FailureReason.class));
                continue;
            }
            try {
                reasons.add(FailureReason.valueOf(value.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--replay-reason: unknown reason " + value + "; one of ALL, "
                        + Arrays.stream(FailureReason.values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
        Optional<Target> target = single(option, "replay-target").map(tag -> {
            try {
                return Target.fromTag(tag.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--replay-target: unknown target " + tag + "; carriyo or shop");
            }
        });
        return new ReplaySelection(reasons, target, single(option, "replay-tenant"), instant(option, "replay-from"),
                instant(option, "replay-to"), dryRun);
    }

    private static List<String> values(java.util.function.Function<String, List<String>> option, String name) {
        List<String> given = option.apply(name);
        if (given == null) {
            return List.of();
        }
        List<String> values = given.stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                .filter(v -> !v.isEmpty()).toList();
        if (values.isEmpty()) {
            throw new IllegalArgumentException("--" + name + " needs a value");
        }
        return values;
    }

    private static Optional<String> single(java.util.function.Function<String, List<String>> option, String name) {
        List<String> values = values(option, name);
        if (values.size() > 1) {
            throw new IllegalArgumentException("--" + name + " takes one value, got " + values);
        }
        return values.stream().findFirst();
    }

    private static Optional<Instant> instant(java.util.function.Function<String, List<String>> option, String name) {
        return single(option, name).map(v -> {
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--" + name + ": " + v + " is not an ISO-8601 instant such as 2026-12-07T10:00:00Z");
            }
        });
    }
}
