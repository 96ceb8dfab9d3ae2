package org.sparkharness.optimizers.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the dynamic backup policy reads from any optimizer config: its learning rate, and whether it is plain SGD. */
class LearningRateTest {

    @Test
    void everyConfigKnowsItsLearningRate() {
        SgdConfig sgd = SgdConfig.of(0.1);
        assertEquals(0.1, sgd.learningRate());
        assertTrue(sgd.plainSgd());
        assertFalse(SgdConfig.of(0.1).withMomentum(0.9).plainSgd());
        assertFalse(SgdConfig.of(0.1).withWeightDecay(1e-4).plainSgd());
        assertEquals(3e-3, AdamWConfig.defaults().withLr(3e-3).learningRate());
        assertEquals(1e-4, LionConfig.defaults().withLr(1e-4).learningRate());
        assertEquals(2e-3, AdamAtan2Config.defaults().withLr(2e-3).learningRate());
        assertTrue(Double.isNaN(AdafactorConfig.defaults()
                .learningRate()), "relative step: no fixed rate");
        assertEquals(0.1, SamConfig.of(sgd).learningRate(), "a wrapper's is its base's");
        assertFalse(SamConfig.of(sgd).plainSgd(), "SAM's step is not θ − η·ḡ");
    }
}
