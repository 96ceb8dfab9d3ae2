package org.sparkharness.data.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkharness.executors.model.LeNetSpec;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.optimizers.config.ConfigException;

class ScoreSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaultsFollowTheSpecSetup() {
        ScoreSettings s = ScoreSettings.defaults();
        assertEquals(new MlpSpec(List.of(128), "relu"), s.model());
        assertEquals(5, s.runs());
        assertEquals(2, s.epochs());
        assertEquals(128, s.batchSize());
        assertEquals(0.05, s.lr());
        assertEquals(0.9, s.momentum());
        assertEquals(5e-4, s.weightDecay());
        assertEquals(42L, s.seed());
        assertEquals(GrandMode.LAST_LAYER, s.grand());
        assertEquals(1024, s.evalBatch());
        assertEquals(0.0, s.labelNoise());
        assertFalse(s.measureOverhead());
        assertNull(s.scorePartitions());
        // data_diet's seeds for RUN = 0, 1: model 42 / 424284, data order 4242 / 428484.
        assertEquals(42L, s.modelSeed(0));
        assertEquals(424_284L, s.modelSeed(1));
        assertEquals(4242L, s.orderSeed(0));
        assertEquals(428_484L, s.orderSeed(1));
    }

    @Test
    void bindsFromJsonWithDefaultsForMissingFields() throws Exception {
        ScoreSettings s = JSON.readValue("{\"model\": {\"type\": \"cnn\"}, \"runs\": 3, \"grand\": \"exact\","
                + " \"labelNoise\": 0.1, \"noiseSeed\": 7}", ScoreSettings.class);
        assertEquals(LeNetSpec.defaults(), s.model());
        assertEquals(3, s.runs());
        assertEquals(GrandMode.EXACT, s.grand());
        assertEquals(0.1, s.labelNoise());
        assertEquals(7L, s.noiseSeed());
        assertEquals(2, s.epochs());
        assertEquals(s, JSON.readValue(JSON.writeValueAsString(s), ScoreSettings.class), "round trip");
    }

    @Test
    void rejectsInvalidValuesNamingTheField() {
        assertEquals("runs", assertThrows(ConfigException.class, () -> ScoreSettings.defaults().withRuns(0)).path());
        assertEquals("momentum", assertThrows(ConfigException.class, () -> ScoreSettings.defaults()
                .withMomentum(1.0)).path());
        assertEquals("labelNoise", assertThrows(ConfigException.class, () -> ScoreSettings.defaults()
                .withLabelNoise(1.2)).path());
        Exception bad = assertThrows(Exception.class,
                () -> JSON.readValue("{\"grand\": \"full\"}", ScoreSettings.class));
        assertEquals("grand", ((ConfigException) bad.getCause()).path());
    }
}
