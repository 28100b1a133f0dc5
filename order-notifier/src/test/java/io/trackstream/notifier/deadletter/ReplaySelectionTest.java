package io.trackstream.notifier.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.trackstream.notifier.outcome.FailureReason;
import io.trackstream.notifier.outcome.Target;

/** The replay's filters, as an operator types them. */
class ReplaySelectionTest {

    private static final Instant AT = Instant.parse("2026-12-07T10:30:00Z");

    @Test
    void withoutFiltersEverythingButRejectedAndInvalidRecordsIsReplayed() {
        ReplaySelection plain = parse(Map.of());

        assertThat(plain.aimed()).isFalse();
        assertThat(plain.matches(FailureReason.RETRIES_EXHAUSTED, Target.CARRIYO, null, AT)).isTrue();
        assertThat(plain.matches(FailureReason.CLIENT_ERROR, Target.SHOP, null, AT)).isTrue();
        assertThat(plain.matches(FailureReason.REJECTED, Target.CARRIYO, null, AT)).isFalse();
        assertThat(plain.matches(FailureReason.INVALID_RECORD, Target.SHOP, null, AT)).isFalse();
        assertThat(plain.holdsBack(FailureReason.REJECTED)).isTrue();
    }

    @Test
    void aReasonFilterNamesWhatIsResentHeldBackOnesIncluded() {
        ReplaySelection rejected = parse(Map.of("replay-reason", List.of("rejected,CLIENT_ERROR")));

        assertThat(rejected.aimed()).isTrue();
        assertThat(rejected.matches(FailureReason.REJECTED, Target.CARRIYO, null, AT)).isTrue();
        assertThat(rejected.matches(FailureReason.CLIENT_ERROR, Target.CARRIYO, null, AT)).isTrue();
        assertThat(rejected.matches(FailureReason.RETRIES_EXHAUSTED, Target.CARRIYO, null, AT)).isFalse();
        assertThat(parse(Map.of("replay-reason", List.of("ALL"))).matches(FailureReason.INVALID_RECORD, Target.SHOP, null, AT))
                .isTrue();
    }

    @Test
    void targetTenantAndTimeRangeNarrowIt() {
        ReplaySelection aimed = parse(Map.of("replay-target", List.of("carriyo"), "replay-tenant", List.of("acme"),
                "replay-from", List.of("2026-12-07T10:00:00Z"), "replay-to", List.of("2026-12-07T11:00:00Z")));

        assertThat(aimed.matches(FailureReason.RETRIES_EXHAUSTED, Target.CARRIYO, "acme", AT)).isTrue();
        assertThat(aimed.matches(FailureReason.RETRIES_EXHAUSTED, Target.SHOP, "acme", AT)).isFalse();
        assertThat(aimed.matches(FailureReason.RETRIES_EXHAUSTED, Target.CARRIYO, "globex", AT)).isFalse();
        assertThat(aimed.matches(FailureReason.RETRIES_EXHAUSTED, Target.CARRIYO, null, AT)).as("tenant unreadable").isFalse();
        assertThat(aimed.matches(FailureReason.RETRIES_EXHAUSTED, Target.CARRIYO, "acme", Instant.parse("2026-12-07T09:59:59Z")))
                .isFalse();
        assertThat(aimed.matches(FailureReason.RETRIES_EXHAUSTED, Target.CARRIYO, "acme", Instant.parse("2026-12-07T10:00:00Z")))
                .as("from is inclusive").isTrue();
        assertThat(aimed.matches(FailureReason.RETRIES_EXHAUSTED, Target.CARRIYO, "acme", Instant.parse("2026-12-07T11:00:00Z")))
                .as("to is exclusive").isFalse();
        assertThat(aimed.matches(FailureReason.REJECTED, Target.CARRIYO, "acme", AT)).as("still held back").isFalse();
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> parse(Map.of("replay-reason", List.of("NOPE"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--replay-reason: unknown reason NOPE");
        assertThatThrownBy(() -> parse(Map.of("replay-target", List.of("erp"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("carriyo or shop");
        assertThatThrownBy(() -> parse(Map.of("replay-from", List.of("yesterday"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--replay-from");
        assertThatThrownBy(() -> parse(Map.of("replay-from", List.of("2026-12-07T11:00:00Z"), "replay-to", List.of("2026-12-07T10:00:00Z"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be before");
        assertThatThrownBy(() -> parse(Map.of("replay-tenant", List.of(""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
    }

    private static ReplaySelection parse(Map<String, List<String>> options) {
        return ReplaySelection.parse(new HashMap<>(options)::get, false);
    }
}
