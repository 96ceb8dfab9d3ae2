package org.sparkharness.data.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sparkharness.optimizers.config.ConfigException;

class NoiseSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void flagIsAFractionOrAuto() throws Exception {
        NoiseSettings d = NoiseSettings.defaults();
        assertEquals("el2n", d.score());
        assertEquals(0.1, d.flagFraction());
        assertFalse(d.flagsAuto());
        NoiseSettings a = JSON.readValue("{\"flag\": \"auto\", \"score\": \"loss\"}", NoiseSettings.class);
        assertTrue(a.flagsAuto());
        assertEquals("loss", a.score());
        assertEquals(0.05, JSON.readValue("{\"flag\": 0.05}", NoiseSettings.class).flagFraction(),
                "a JSON number binds too");
        assertEquals("flag", assertThrows(ConfigException.class, () -> new NoiseSettings(null, "0")).path());
        assertEquals("flag", assertThrows(ConfigException.class, () -> new NoiseSettings(null, "most")).path());
        assertEquals("score", assertThrows(ConfigException.class, () -> new NoiseSettings("aum", null)).path());
    }
}
