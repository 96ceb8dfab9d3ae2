package org.sparkharness.optimizers.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@code defaults()}, {@code of(...)} and the {@code with...} copies build the same records as the canonical
 * constructor given nulls for the fields left at their defaults (the form YAML binds).
 */
class ConfigCopiesTest {

    @Test
    void copiesEqualTheCanonicalConstructionWithNullsForDefaults() {
        assertEquals(new AdamWConfig(0.01, null, null, 1e-6, 0.1),
                AdamWConfig.defaults().withLr(0.01).withEps(1e-6).withWeightDecay(0.1));
        assertEquals(new SgdConfig(0.1, 0.9, null, 1e-4, true),
                SgdConfig.of(0.1).withMomentum(0.9).withWeightDecay(1e-4).withNesterov(true));
        assertEquals(new AdamAtan2Config(1e-2, null, 0.999, 0.1, null, 2.0),
                AdamAtan2Config.defaults().withLr(1e-2).withBeta2(0.999).withWeightDecay(0.1).withB(2.0));
        assertEquals(new LionConfig(null, 0.95, null, 0.5), LionConfig.defaults().withBeta1(0.95).withWeightDecay(0.5));
        assertEquals(new SvenConfig(0.5, 4, null, 1.0, null), SvenConfig.of(0.5, 4).withKappa(1.0));
        SgdConfig base = SgdConfig.of(0.1);
        assertEquals(new SamConfig(base, 0.5, true), SamConfig.of(base).withRho(0.5).withAdaptive(true));
        assertEquals(new SafConfig(base, null, 0.16, 2, null, 50),
                SafConfig.of(base).withLambda(0.16).withMinusEpoch(2).withEndEpoch(50));
        assertEquals(new MesaConfig(base, 2.0, null, 0.9, 1, null),
                MesaConfig.of(base).withTau(2.0).withDecay(0.9).withStartEpoch(1));
    }

    @Test
    void adafactorCopiesStartFromTheRelativeStepOrFromAFixedLearningRate() {
        assertEquals(new AdafactorConfig(null, null, null, null, null, 0.9, null, null, null, true),
                AdafactorConfig.defaults().withBeta1(0.9).withWarmupInit(true));
        // fixedLr switches parameter scaling off; HF's class default switches it back on
        assertEquals(new AdafactorConfig(0.05, 1e-6, null, null, null, null, 0.1, null, false, null),
                AdafactorConfig.fixedLr(0.05).withEps1(1e-6).withWeightDecay(0.1).withScaleParameter(true));
        assertEquals(0.05, AdafactorConfig.fixedLr(0.1).withLr(0.05).lr());
        assertNull(AdafactorConfig.defaults().withBeta1(0.9).withBeta1(null).beta1(), "null: no first moment");
    }

    @Test
    void copiesAreValidatedLikeTheConstructor() {
        assertEquals("lr", assertThrows(ConfigException.class, () -> AdamWConfig.defaults().withLr(0)).path());
        assertEquals("nesterov", assertThrows(ConfigException.class, () -> SgdConfig.of(0.1).withNesterov(true)).path());
        assertEquals("lr", assertThrows(ConfigException.class, () -> AdafactorConfig.defaults().withLr(0.1)).path());
        assertEquals("endEpoch", assertThrows(ConfigException.class,
                () -> SafConfig.of(SgdConfig.of(0.1)).withEndEpoch(5)).path());
    }
}
