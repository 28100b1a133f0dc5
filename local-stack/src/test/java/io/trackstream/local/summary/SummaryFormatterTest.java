package io.trackstream.local.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.trackstream.testkit.carrier.WebhookSandbox;
import org.junit.jupiter.api.Test;

class SummaryFormatterTest {

    @Test
    void showsShipmentsByStatusTheEventFlowAndWhatTheEdgesSaw() {
        Map<String, Long> statuses = new LinkedHashMap<>();
        statuses.put("DELIVERED", 7L);
        statuses.put("OUT_FOR_DELIVERY", 3L);
        StackSummary summary = new StackSummary(Duration.ofSeconds(173), 10, statuses, Map.of("POLL", 46.0),
                59.0, 2.0, 2.0, Map.of("ok", 24.0, "429", 1.0), 25L, 1L, new WebhookSandbox.Counts(32, 5, 5, 0),
                6, 9, 0, 43, 0.0);

        List<String> lines = SummaryFormatter.lines(summary);

        assertThat(lines.get(0)).isEqualTo("[+2:53] shipments 10/10: DELIVERED 7 · OUT_FOR_DELIVERY 3");
        assertThat(lines.get(1)).contains("events in 46 (poll 46)", "duplicates dropped 59", "unknown codes 2", "rejected 2");
        assertThat(lines.get(2)).contains("polls 25", "429 1", "webhooks sent 32 (repeated 5, out of order 5)", "orders closed 6/9",
                "shop updates 43", "dead letters 0").doesNotContain("CLOSED TWICE");
    }

    @Test
    void anAppThatDidNotAnswerShowsAsUnknownAndADoubleCloseStandsOut() {
        StackSummary summary = new StackSummary(Duration.ZERO, 10, Map.of(), null, null, null, null, null, 0L, 0L, null,
                1, 9, 1, 0, null);

        List<String> lines = SummaryFormatter.lines(summary);

        assertThat(lines.get(0)).contains("shipments 0/10: none on shipments.v1 yet");
        assertThat(String.join("\n", lines)).contains("orders closed 1/9 (CLOSED TWICE: 1)").contains("carrier API calls 0");
    }

    @Test
    void theSandboxesOnlyModeShowsWhatTheSandboxesSaw() {
        StackSummary summary = new StackSummary(Duration.ofSeconds(65), 20, null, null, null, null, null, null, 40L, 5L,
                new WebhookSandbox.Counts(12, 3, 1, 0), 2, 17, 0, 30, null);

        List<String> lines = SummaryFormatter.lines(summary);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("[+1:05] shipments registered 20");
        assertThat(lines.get(1)).contains("carrier API calls 40 (429: 5)", "webhooks sent 12", "orders closed 2/17").doesNotContain("dead letters");
    }
}
