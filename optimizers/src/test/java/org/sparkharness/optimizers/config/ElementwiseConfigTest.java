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
        assertEquals(0.05, new AdafactorConfig(0.05, null, null, null, null, null, null, null, false, null).lr());
    }

    @Test
    void adafactorWarmupInitRequiresRelativeStep() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new AdafactorConfig(0.01, null, null, null, null, null, null, null, false, true));
        assertEquals("warmupInit = true: requires relativeStep: true", e.getMessage());
        assertTrue(new AdafactorConfig(null, null, null, null, null, null, null, null, null, true).warmupInit());
    }

    @Test
    void adafactorRejectsBadValuesNamingTheField() {
        assertEquals("lr", adafactorError(-0.1, null, null, null, null, null, null));
        assertEquals("lr", adafactorError(Double.POSITIVE_INFINITY, null, null, null, null, null, null));
        assertEquals("eps1", adafactorError(0.1, 0.0, null, null, null, null, null));
        assertEquals("eps2", adafactorError(0.1, null, -1e-3, null, null, null, null));
        assertEquals("clipThreshold", adafactorError(0.1, null, null, 0.0, null, null, null));
        assertEquals("decayRate", adafactorError(0.1, null, null, null, 0.5, null, null));
        assertEquals("decayRate", adafactorError(0.1, null, null, null, Double.NaN, null, null));
        assertEquals("beta1", adafactorError(0.1, null, null, null, null, 1.0, null));
        assertEquals("weightDecay", adafactorError(0.1, null, null, null, null, null, -0.1));
        // the boundary values are allowed
        new AdafactorConfig(0.1, null, 0.0, null, 0.0, 0.0, 0.0, null, false, null);
    }

    private static String adafactorError(Double lr, Double eps1, Double eps2, Double clip, Double decay, Double beta1,
                                         Double wd) {
        return assertThrows(ConfigException.class,
                () -> new AdafactorConfig(lr, eps1, eps2, clip, decay, beta1, wd, null, false, null)).path();
    }

    // ---- Adam-atan2 --------------------------------------------------------------------------------------------

    @Test
    void adamAtan2DefaultsAreLucidrains() {
        assertEquals(new AdamAtan2Config(1e-4, 0.9, 0.99, 0.0, 1.27, 1.0), AdamAtan2Config.defaults());
    }

    @Test
    void adamAtan2RejectsBadValuesNamingTheField() {
        assertEquals("lr", assertThrows(ConfigException.class, () -> new AdamAtan2Config(0.0, null, null, null, null, null)).path());
        assertEquals("beta1", assertThrows(ConfigException.class, () -> new AdamAtan2Config(null, 1.0, null, null, null, null)).path());
        assertEquals("beta2", assertThrows(ConfigException.class, () -> new AdamAtan2Config(null, null, -0.1, null, null, null)).path());
        assertEquals("weightDecay", assertThrows(ConfigException.class, () -> new AdamAtan2Config(null, null, null, -1.0, null, null)).path());
        assertEquals("a", assertThrows(ConfigException.class, () -> new AdamAtan2Config(null, null, null, null, 0.0, null)).path());
        assertEquals("b", assertThrows(ConfigException.class, () -> new AdamAtan2Config(null, null, null, null, null, -1.0)).path());
        assertEquals("b", assertThrows(ConfigException.class, () -> new AdamAtan2Config(null, null, null, null, null, Double.NaN)).path());
    }

    // ---- Lion --------------------------------------------------------------------------------------------------

    @Test
    void lionDefaultsAreTheReferenceImplementations() {
        assertEquals(new LionConfig(1e-4, 0.9, 0.99, 0.0), LionConfig.defaults());
    }

    @Test
    void lionRejectsBadValuesNamingTheField() {
        assertEquals("lr", assertThrows(ConfigException.class, () -> new LionConfig(-1e-4, null, null, null)).path());
        assertEquals("beta1", assertThrows(ConfigException.class, () -> new LionConfig(null, Double.NaN, null, null)).path());
        assertEquals("beta2", assertThrows(ConfigException.class, () -> new LionConfig(null, null, 1.0, null)).path());
        assertEquals("weightDecay", assertThrows(ConfigException.class, () -> new LionConfig(null, null, null, -0.1)).path());
    }

    // ---- all three ---------------------------------------------------------------------------------------------

    @Test
    void jsonBindsByTypeNameAndAppliesDefaults() throws Exception {
        OptimizerConfig a = JSON.readValue("{\"type\":\"adafactor\"}", OptimizerConfig.class);
        assertEquals(AdafactorConfig.defaults(), a);
        OptimizerConfig f = JSON.readValue("{\"type\":\"adafactor\",\"lr\":0.05,\"relativeStep\":false,\"beta1\":0.9}",
                FirstOrderConfig.class);
        assertEquals(new AdafactorConfig(0.05, null, null, null, null, 0.9, null, null, false, null), f);
        OptimizerConfig t = JSON.readValue("{\"type\":\"adam-atan2\",\"lr\":0.001,\"b\":2}", OptimizerConfig.class);
        assertEquals(new AdamAtan2Config(1e-3, null, null, null, null, 2.0), t);
        OptimizerConfig l = JSON.readValue("{\"type\":\"lion\",\"weightDecay\":1.0}", FirstOrderConfig.class);
        assertEquals(new LionConfig(null, null, null, 1.0), l);
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
        AdafactorConfig adafactor = new AdafactorConfig(0.05, null, null, null, null, 0.9, 0.1, false, false, null);
        AdamAtan2Config atan2 = new AdamAtan2Config(1e-3, null, 0.999, 1e-2, null, null);
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
