package io.trackstream.ingest.api;

import static io.trackstream.carriers.fixtures.Payloads.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.trackstream.carriers.fixtures.Payloads;
import io.trackstream.ingest.fixtures.Signed;
import io.trackstream.ingest.security.ReplayGuard;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/** Past its size the replay cache fails closed: 503 with Retry-After, and no signature is forgotten. */
@TestPropertySource(properties = "trackstream.ingest.replay-cache.max-entries=2")
class ReplayCacheFullTest extends MockKafkaWebTest {

    @Autowired
    ReplayGuard replayGuard;

    @Test
    void aFullCacheIs503WithRetryAfterAndStillKnowsEverySignature() throws Exception {
        long now = java.time.Instant.now().getEpochSecond();
        byte[] first = utf8(Payloads.generic("acs", "7209900101"));
        mvc.perform(Signed.webhook("generic", GENERIC_SECRET, first, now)).andExpect(status().isAccepted());
        mvc.perform(Signed.webhook("generic", GENERIC_SECRET, utf8(Payloads.generic("acs", "7209900102")), now))
                .andExpect(status().isAccepted());

        mvc.perform(Signed.webhook("generic", GENERIC_SECRET, utf8(Payloads.generic("acs", "7209900103")), now))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "7"))
                .andExpect(jsonPath("$.type").value("replay_cache_full"));
        mvc.perform(Signed.webhook("generic", GENERIC_SECRET, first, now))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("replayed_signature"));

        assertThat(rawEvents()).hasSize(4);
        assertThat(replayGuard.evictedBySize()).isZero();
    }
}
