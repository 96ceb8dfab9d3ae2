package org.sparkharness.data.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sparkharness.optimizers.config.ConfigException;

class PruneSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bindsWithDefaults() throws Exception {
        PruneSettings s = JSON.readValue("{\"keep\": 0.3}", PruneSettings.class);
        assertEquals(PruneMethod.HARDEST, s.method());
        assertEquals("el2n", s.score());
        assertFalse(s.perClass());
        assertEquals(0.1, s.misRatio());
        assertEquals(50, s.bins());
        assertEquals(42L, s.seed());
        PruneSettings t = JSON.readValue("{\"method\": \"stratified\", \"keep\": 0.1, \"misRatio\": 0.3,"
                + " \"score\": \"loss\"}", PruneSettings.class);
        assertEquals(PruneMethod.STRATIFIED, t.method());
        assertEquals(6000, t.misCount(20_000));
        assertEquals(t, JSON.readValue(JSON.writeValueAsString(t), PruneSettings.class));
    }

    @Test
    void rejectsInconsistentSettings() {
        assertEquals("keep", assertThrows(ConfigException.class,
                () -> new PruneSettings(null, null, null, null, null, null, null, null)).path());
        assertEquals("keep", assertThrows(ConfigException.class, () -> PruneSettings.hardest(0)).path());
        assertEquals("keep", assertThrows(ConfigException.class, () -> PruneSettings.hardest(1.01)).path());
        assertEquals("offset", assertThrows(ConfigException.class, () -> PruneSettings.hardest(0.3, 2.5)).path());
        assertEquals("offset", assertThrows(ConfigException.class, () -> PruneSettings.hardest(0.3, -1)).path());
        assertEquals("offset", assertThrows(ConfigException.class,
                () -> PruneSettings.of(PruneMethod.RANDOM, 0.3).withOffset(0.02)).path());
        assertEquals("perClass", assertThrows(ConfigException.class,
                () -> PruneSettings.of(PruneMethod.STRATIFIED, 0.3).withPerClass(true)).path());
        assertEquals("score", assertThrows(ConfigException.class,
                () -> PruneSettings.hardest(0.5).withScore("forgetting")).path());
        assertEquals("misRatio", assertThrows(ConfigException.class,
                () -> PruneSettings.stratified(0.1, 1.0, 50, 1)).path());
    }
}
