package org.closedloop.controller.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DspConfigTest {

    @Test
    void shouldDecimateToTheLowestRateAtOrAboveTheFeatureRateMinimum() {
        assertEquals(1, DspConfig.builder(250, 8).build().decimation());
        assertEquals(4, DspConfig.builder(1000, 64).build().decimation());
        assertEquals(120, DspConfig.builder(30_000, 1024).build().decimation());
        assertEquals(250.0, DspConfig.builder(30_000, 1024).build().featureRateHz());
        assertEquals(1, DspConfig.builder(499, 1).build().decimation());
    }

    @Test
    void shouldNameTheFieldValueAndRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DspConfig.builder(250, 8).lineFrequencyHz(55).build());
        assertEquals("lineFrequencyHz=55.0: must be 50, 60 or 0 (no notch)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DspConfig.builder(250, 8).bands(List.of(new Band("high-gamma", 60, 90))).build());
        assertEquals("band high-gamma.hiHz=90.0: must be at most 0.2 * featureRateHz=250.0; raise featureRateMinHz",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DspConfig.builder(250, 2).phaseMontage(1).build());
        assertEquals("phaseMontage.length=1: needs one weight per channel (2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Band("alpha", 13, 8));
        assertEquals("band alpha=13.0..8.0: needs 0 < loHz < hiHz, finite", e.getMessage());
    }

    @Test
    void shouldAcceptHigherBandsWhenTheFeatureRateIsRaised() {
        DspConfig c = DspConfig.builder(1000, 8).featureRateMinHz(500)
                .bands(List.of(new Band("high-gamma", 60, 90))).build();
        assertEquals(2, c.decimation());
    }
}
