package io.trackstream.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParcelKeyTest {

    @Test
    void theSameNumberFromTwoCarriersIsTwoParcels() {
        assertThat(ParcelKey.of("elta", "1234567890")).isNotEqualTo(ParcelKey.of("dhl", "1234567890"));
    }

    @Test
    void carrierIsCaseInsensitiveTrackingNumberIsKeptAsIssued() {
        assertThat(ParcelKey.of(" ELTA ", " ZU500011420gr ").toString()).isEqualTo("elta:ZU500011420gr");
    }

    @Test
    void parsesItsOwnTextFormEvenWhenTheNumberHasAColon() {
        assertThat(ParcelKey.parse("ups:1Z:99")).isEqualTo(ParcelKey.of("ups", "1Z:99"));
        assertThat(ParcelKey.parse(ParcelKey.of("elta", "ZU500011420GR").toString())).isEqualTo(ParcelKey.of("elta", "ZU500011420GR"));
    }

    @Test
    void refusesKeysWithoutCarrierOrNumber() {
        assertThatThrownBy(() -> ParcelKey.parse("ZU500011420GR")).hasMessageContaining("carrier:trackingNumber");
        assertThatThrownBy(() -> ParcelKey.of("elta", "  ")).hasMessageContaining("trackingNumber");
    }
}
