package org.closedloop.controller.acquisition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AcquisitionConfigTest {

    @Test
    void shouldNameFieldValueAndRuleForABadSampleRate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AcquisitionConfig.defaults("/dev/ttyUSB0").withSampleRateHz(300));
        assertEquals("sampleRateHz=300: must be one of 250, 500, 1000, 2000, 4000, 8000, 16000", e.getMessage());
    }

    @Test
    void shouldNameTheChannelOfABadGain() {
        int[] g = {24, 24, 3, 24, 24, 24, 24, 24};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AcquisitionConfig.defaults("/dev/ttyUSB0").withGains(g));
        assertEquals("gains[2]=3: must be 1, 2, 4, 6, 8, 12 or 24", e.getMessage());
    }

    @Test
    void shouldMapRatesToTheBoardsCommandDigits() {
        assertEquals(6, AcquisitionConfig.sampleRateCode(250));
        assertEquals(0, AcquisitionConfig.sampleRateCode(16000));
        assertEquals(-1, AcquisitionConfig.sampleRateCode(251));
    }

    @Test
    void shouldNotLetCallersChangeTheGainsAfterConstruction() {
        int[] g = {24, 24, 24, 24, 24, 24, 24, 24};
        AcquisitionConfig c = AcquisitionConfig.defaults("/dev/x").withGains(g);
        g[0] = 1;
        c.gains()[1] = 1;
        assertEquals(24, c.gains()[0]);
        assertEquals(24, c.gains()[1]);
    }
}
