package io.trackstream.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class EventKeyTest {

    private static final Instant AT = Instant.parse("2023-11-20T00:00:02.195Z");

    @Test
    void theSameCarrierEventHasTheSameKeyWhateverElseDiffers() {
        assertThat(EventKey.of("elta", "ZU500011420GR", "EXCEPTION", AT, "ΑΚΥΡΩΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ"))
                .isEqualTo(EventKey.of("ELTA", " ZU500011420GR", "exception", AT, "ΑΚΥΡΩΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ "))
                .hasSize(32);
    }

    @Test
    void anyPartOfTheMeaningMakesADifferentEvent() {
        String key = EventKey.of("elta", "ZU500011420GR", "EXCEPTION", AT, "ΑΚΥΡΩΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ");
        assertThat(key)
                .isNotEqualTo(EventKey.of("acs", "ZU500011420GR", "EXCEPTION", AT, "ΑΚΥΡΩΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ"))
                .isNotEqualTo(EventKey.of("elta", "ZU500011421GR", "EXCEPTION", AT, "ΑΚΥΡΩΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ"))
                .isNotEqualTo(EventKey.of("elta", "ZU500011420GR", "TRANSIT", AT, "ΑΚΥΡΩΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ"))
                .isNotEqualTo(EventKey.of("elta", "ZU500011420GR", "EXCEPTION", AT.plusMillis(1), "ΑΚΥΡΩΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ"))
                .isNotEqualTo(EventKey.of("elta", "ZU500011420GR", "EXCEPTION", AT, "ΠΑΡΑΔΟΣΗ ΑΠΟ ΔΙΑΝΟΜΕΑ"))
                .isNotEqualTo(EventKey.of("elta", "ZU500011420GR", "EXCEPTION", AT, null));
        // the separator keeps field boundaries: "ab"+"c" is not "a"+"bc"
        assertThat(EventKey.of("ab", "c", "x", AT, null)).isNotEqualTo(EventKey.of("a", "bc", "x", AT, null));
    }
}
