package io.trackstream.pollers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasKey;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;

import io.trackstream.avro.RawTrackingEvent;
import io.trackstream.pollers.schedule.PollScheduler;
import io.trackstream.pollers.schedule.ProviderSchedule;
import io.trackstream.pollers.support.BrokerTestSupport;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** How the app is wired, as an operator would check it. Shares the broker tests' context. */
class PollersAppBrokerTest extends BrokerTestSupport {

    @Autowired
    ProducerFactory<String, RawTrackingEvent> rawEventProducerFactory;

    @Autowired
    PollScheduler scheduler;

    @Autowired
    MockMvc mvc;

    @Test
    void raw_events_are_written_by_an_idempotent_producer_that_waits_for_all_replicas() {
        assertThat(rawEventProducerFactory.getConfigurationProperties())
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    @Test
    void the_configured_shiplemon_schedule_fires_at_five_and_thirty_five_past() {
        ProviderSchedule shiplemon = scheduler.schedules().stream().filter(s -> s.provider().equals("shiplemon"))
                .findFirst().orElseThrow();

        assertThat(shiplemon.nextAfter(Instant.parse("2024-07-15T10:06:00Z"))).isEqualTo("2024-07-15T10:35:00Z");
        assertThat(scheduler.schedules()).extracting(ProviderSchedule::provider)
                .containsExactlyInAnyOrder("shiplemon", "salesive", "courier-sync");
    }

    @Test
    void the_probes_show_anyone_the_status_and_only_an_operator_the_details() throws Exception {
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            mvc.perform(MockMvcRequestBuilders.get(probe))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("UP"))
                    .andExpect(jsonPath("$.components").doesNotExist());
        }
        mvc.perform(MockMvcRequestBuilders.get("/actuator/health").header("Authorization", "Bearer " + STORE1_READ))
                .andExpect(jsonPath("$.components").doesNotExist());

        mvc.perform(MockMvcRequestBuilders.get("/actuator/health").header("Authorization", "Bearer " + OPERATOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.readinessState.status").value("UP"))
                .andExpect(jsonPath("$.components.diskSpace.details.path").exists());
    }

    @Test
    void both_sync_endpoints_are_described_in_the_openapi_document() throws Exception {
        mvc.perform(MockMvcRequestBuilders.get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths", hasKey("/shipping/shipments/sync")))
                .andExpect(jsonPath("$.paths", hasKey("/shipments/{shipmentId}/sync")));
    }
}
