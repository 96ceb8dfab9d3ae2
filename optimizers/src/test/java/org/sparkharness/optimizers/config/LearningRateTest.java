package org.sparkharness.optimizers.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the dynamic backup policy reads from any optimizer config: its learning rate, and whether it is plain SGD. */
class LearningRateTest {

    @Test
    void everyConfigKnowsItsLearningRate() {
        SgdConfig sgd = new SgdConfig(0.1, null, null, null, null);
        assertEquals(0.1, sgd.learningRate());
        assertTrue(sgd.plainSgd());
        assertFalse(new SgdConfig(0.1, 0.9, null, null, null).plainSgd());
        assertFalse(new SgdConfig(0.1, null, null, 1e-4, null).plainSgd());
        assertEquals(3e-3, new AdamWConfig(3e-3, null, null, null, null).learningRate());
        assertEquals(1e-4, new LionConfig(1e-4, null, null, null).learningRate());
        assertEquals(2e-3, new AdamAtan2Config(2e-3, null, null, null, null, null).learningRate());
        assertTrue(Double.isNaN(new AdafactorConfig(null, null, null, null, null, null, null, null, null, null)
                .learningRate()), "relative step: no fixed rate");
        assertEquals(0.1, new SamConfig(sgd, null, null).learningRate(), "a wrapper's is its base's");
        assertFalse(new SamConfig(sgd, null, null).plainSgd(), "SAM's step is not θ − η·ḡ");
    }
}
