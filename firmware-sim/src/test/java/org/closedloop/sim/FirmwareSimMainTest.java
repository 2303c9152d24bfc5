package org.closedloop.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.closedloop.sim.cyton.CytonSimConfig;
import org.junit.jupiter.api.Test;

class FirmwareSimMainTest {
    @Test
    void shouldParseOptionsIntoAConfig() {
        CytonSimConfig c = FirmwareSimMain.parse(new String[] {"--link", "/tmp/cyton", "--seed", "9", "--alpha-hz",
            "11.5", "--line-hz", "60", "--rate", "500", "--channels", "4"});
        assertEquals(Path.of("/tmp/cyton"), c.linkPath());
        assertEquals(9, c.seed());
        assertEquals(11.5, c.alphaHz());
        assertEquals(60, c.lineNoiseHz());
        assertEquals(500, c.sampleRateHz());
        assertEquals(4, c.channels());
    }

    @Test
    void shouldRejectBadOptionsNamingThem() {
        var e = assertThrows(IllegalArgumentException.class, () -> FirmwareSimMain.parse(new String[] {"--seed", "x"}));
        assertTrue(e.getMessage().startsWith("--seed=x"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FirmwareSimMain.parse(new String[] {"--rate", "300"}));
        assertTrue(e.getMessage().startsWith("sampleRateHz=300"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FirmwareSimMain.parse(new String[] {"--bogus", "1"}));
        assertTrue(e.getMessage().contains("unknown option"), e.getMessage());
    }
}
