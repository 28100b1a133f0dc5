package io.trackstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** No app falls back to an in-memory registry of its own: four such registries would number schemas apart. */
class RegistryUrlRequiredTest {

    @Test
    void anUnsetRegistryUrlStopsTheAppWithAMessageSayingWhatToSet() {
        for (String unset : new String[] {null, "", "  "}) {
            assertThatThrownBy(() -> AvroSerdeConfig.requireRegistryUrl(unset))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("SCHEMA_REGISTRY_URL").hasMessageContaining("mock://<scope> is only for tests");
        }
        assertThat(AvroSerdeConfig.requireRegistryUrl(" http://schema-registry:8081 ")).isEqualTo("http://schema-registry:8081");
    }
}
