package org.sparkharness.optimizers.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.sparkharness.optimizers.Adafactor;
import org.sparkharness.optimizers.AdamAtan2;
import org.sparkharness.optimizers.JavaSerialization;
import org.sparkharness.optimizers.Lion;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.Optimizers;

/** Defaults, validation, binding and serialization of the Adafactor, Adam-atan2 and Lion configs. */
class ElementwiseConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---- Adafactor ---------------------------------------------------------------------------------------------

    @Test
    void adafactorDefaultsAreHfs() {
        AdafactorConfig c = AdafactorConfig.defaults();
        assertNull(c.lr(), "relative step: no lr");
        assertEquals(1e-30, c.eps1());
        assertEquals(1e-3, c.eps2());
        assertEquals(1.0, c.clipThreshold());
        assertEquals(-0.8, c.decayRate());
        assertNull(c.beta1(), "no first moment");
        assertEquals(0.0, c.weightDecay());
        assertTrue(c.scaleParameter());
        assertTrue(c.relativeStep());
        assertEquals(false, c.warmupInit());
    }

    @Test
    void adafactorLrAndRelativeStepExcludeEachOther() {
        ConfigException both = assertThrows(ConfigException.class,
                () -> new AdafactorConfig(1e-3, null, null, null, null, null, null, null, null, null));
        assertEquals("lr", both.path());
        assertTrue(both.getMessage().contains("relativeStep"), both.getMessage());
        ConfigException neither = assertThrows(ConfigException.class,
                () -> new AdafactorConfig(null, null, null, null, null, null, null, null, false, null));
        assertEquals("lr = null: is required", neither.getMessage());
        assertEquals(0.05, AdafactorConfig.fixedLr(0.05).lr());
    }

    @Test
    void adafactorWarmupInitRequiresRelativeStep() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AdafactorConfig.fixedLr(0.01).withWarmupInit(true));
        assertEquals("warmupInit = true: requires relativeStep: true", e.getMessage());
        assertTrue(AdafactorConfig.defaults().withWarmupInit(true).warmupInit());
    }

    @Test
    void adafactorRejectsBadValuesNamingTheField() {
        assertEquals("lr", adafactorError(() -> AdafactorConfig.fixedLr(-0.1)));
        assertEquals("lr", adafactorError(() -> AdafactorConfig.fixedLr(Double.POSITIVE_INFINITY)));
        assertEquals("eps1", adafactorError(() -> AdafactorConfig.fixedLr(0.1).withEps1(0.0)));
        assertEquals("eps2", adafactorError(() -> AdafactorConfig.fixedLr(0.1).withEps2(-1e-3)));
        assertEquals("clipThreshold", adafactorError(() -> AdafactorConfig.fixedLr(0.1).withClipThreshold(0.0)));
        assertEquals("decayRate", adafactorError(() -> AdafactorConfig.fixedLr(0.1).withDecayRate(0.5)));
        assertEquals("decayRate", adafactorError(() -> AdafactorConfig.fixedLr(0.1).withDecayRate(Double.NaN)));
        assertEquals("beta1", adafactorError(() -> AdafactorConfig.fixedLr(0.1).withBeta1(1.0)));
        assertEquals("weightDecay", adafactorError(() -> AdafactorConfig.fixedLr(0.1).withWeightDecay(-0.1)));
        // the boundary values are allowed
        AdafactorConfig.fixedLr(0.1).withEps2(0.0).withDecayRate(0.0).withBeta1(0.0).withWeightDecay(0.0);
    }

    private static String adafactorError(Executable build) {
        return assertThrows(ConfigException.class, build).path();
    }

    // ---- Adam-atan2 --------------------------------------------------------------------------------------------

    @Test
    void adamAtan2DefaultsAreLucidrains() {
        assertEquals(new AdamAtan2Config(1e-4, 0.9, 0.99, 0.0, 1.27, 1.0), AdamAtan2Config.defaults());
    }

    @Test
    void adamAtan2RejectsBadValuesNamingTheField() {
        assertEquals("lr", assertThrows(ConfigException.class, () -> AdamAtan2Config.defaults().withLr(0.0)).path());
        assertEquals("beta1", assertThrows(ConfigException.class, () -> AdamAtan2Config.defaults()
                .withBeta1(1.0)).path());
        assertEquals("beta2", assertThrows(ConfigException.class, () -> AdamAtan2Config.defaults()
                .withBeta2(-0.1)).path());
        assertEquals("weightDecay", assertThrows(ConfigException.class, () -> AdamAtan2Config.defaults()
                .withWeightDecay(-1.0)).path());
        assertEquals("a", assertThrows(ConfigException.class, () -> AdamAtan2Config.defaults().withA(0.0)).path());
        assertEquals("b", assertThrows(ConfigException.class, () -> AdamAtan2Config.defaults().withB(-1.0)).path());
        assertEquals("b", assertThrows(ConfigException.class, () -> AdamAtan2Config.defaults()
                .withB(Double.NaN)).path());
    }

    // ---- Lion --------------------------------------------------------------------------------------------------

    @Test
    void lionDefaultsAreTheReferenceImplementations() {
        assertEquals(new LionConfig(1e-4, 0.9, 0.99, 0.0), LionConfig.defaults());
    }

    @Test
    void lionRejectsBadValuesNamingTheField() {
        assertEquals("lr", assertThrows(ConfigException.class, () -> LionConfig.defaults().withLr(-1e-4)).path());
        assertEquals("beta1", assertThrows(ConfigException.class, () -> LionConfig.defaults()
                .withBeta1(Double.NaN)).path());
        assertEquals("beta2", assertThrows(ConfigException.class, () -> LionConfig.defaults().withBeta2(1.0)).path());
        assertEquals("weightDecay", assertThrows(ConfigException.class, () -> LionConfig.defaults()
                .withWeightDecay(-0.1)).path());
    }

    // ---- all three ---------------------------------------------------------------------------------------------

    @Test
    void jsonBindsByTypeNameAndAppliesDefaults() throws Exception {
        OptimizerConfig a = JSON.readValue("{\"type\":\"adafactor\"}", OptimizerConfig.class);
        assertEquals(AdafactorConfig.defaults(), a);
        OptimizerConfig f = JSON.readValue("{\"type\":\"adafactor\",\"lr\":0.05,\"relativeStep\":false,\"beta1\":0.9}",
                FirstOrderConfig.class);
        assertEquals(AdafactorConfig.fixedLr(0.05).withBeta1(0.9).withScaleParameter(true), f);
        OptimizerConfig t = JSON.readValue("{\"type\":\"adam-atan2\",\"lr\":0.001,\"b\":2}", OptimizerConfig.class);
        assertEquals(AdamAtan2Config.defaults().withLr(1e-3).withB(2.0), t);
        OptimizerConfig l = JSON.readValue("{\"type\":\"lion\",\"weightDecay\":1.0}", FirstOrderConfig.class);
        assertEquals(LionConfig.defaults().withWeightDecay(1.0), l);
        assertInstanceOf(Adafactor.class, Optimizers.fromConfig(a));
        assertInstanceOf(AdamAtan2.class, Optimizers.fromConfig(t));
        assertInstanceOf(Lion.class, Optimizers.fromConfig(l));
        assertEquals("{\"type\":\"adam-atan2\",\"lr\":1.0E-4,\"beta1\":0.9,\"beta2\":0.99,\"weightDecay\":0.0,\"a\":1.27,"
                + "\"b\":1.0}", JSON.writerFor(OptimizerConfig.class).writeValueAsString(AdamAtan2Config.defaults()));
    }

    @Test
    void jsonValidationFailureCarriesTheConfigException() {
        ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
                () -> JSON.readValue("{\"type\":\"adafactor\",\"lr\":0.01}", OptimizerConfig.class));
        ConfigException cause = assertInstanceOf(ConfigException.class, e.getCause());
        assertEquals("optimizer.lr", cause.withPrefix("optimizer").path());
    }

    @Test
    void configsAndOptimizersSurviveJavaSerialization() throws Exception {
        AdafactorConfig adafactor = AdafactorConfig.fixedLr(0.05).withBeta1(0.9).withWeightDecay(0.1);
        AdamAtan2Config atan2 = AdamAtan2Config.defaults().withLr(1e-3).withBeta2(0.999).withWeightDecay(1e-2);
        LionConfig lion = new LionConfig(3e-4, 0.95, 0.98, null);
        assertEquals(adafactor, JavaSerialization.roundTrip(adafactor));
        assertEquals(atan2, JavaSerialization.roundTrip(atan2));
        assertEquals(lion, JavaSerialization.roundTrip(lion));
        Optimizer a = JavaSerialization.roundTrip(Optimizers.adafactor(AdafactorConfig.defaults(),
                Adafactor.Semantics.TORCH_OPTIM));
        assertSame(Adafactor.Semantics.TORCH_OPTIM, ((Adafactor) a).semantics());
        Optimizer t = JavaSerialization.roundTrip(Optimizers.adamAtan2(atan2, AdamAtan2.Semantics.IMONEOI));
        assertEquals(atan2, ((AdamAtan2) t).config());
        assertSame(AdamAtan2.Semantics.IMONEOI, ((AdamAtan2) t).semantics());
        assertEquals(lion, ((Lion) JavaSerialization.roundTrip(Optimizers.lion(lion))).config());
    }
}
