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
import org.sparkharness.optimizers.AdamW;
import org.sparkharness.optimizers.JavaSerialization;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.Optimizers;
import org.sparkharness.optimizers.Sgd;

class ConfigTest {

    @Test
    void checksRejectNaNAndInfinityEverywhere() {
        assertThrows(ConfigException.class, () -> Check.positive("x", Double.NaN));
        assertThrows(ConfigException.class, () -> Check.positive("x", Double.POSITIVE_INFINITY));
        assertThrows(ConfigException.class, () -> Check.nonNegative("x", Double.NaN));
        assertThrows(ConfigException.class, () -> Check.finite("x", Double.NEGATIVE_INFINITY));
        assertThrows(ConfigException.class, () -> Check.inHalfOpen("x", Double.NaN, 0, 1));
        assertThrows(ConfigException.class, () -> Check.inClosed("x", Double.NaN, 0, 1));
    }

    @Test
    void checksAcceptTheirRangesAndReturnTheValue() {
        assertEquals(0.5, Check.positive("x", 0.5));
        assertEquals(0.0, Check.nonNegative("x", 0.0));
        assertEquals(0.0, Check.inHalfOpen("x", 0.0, 0, 1));
        assertEquals(1.0, Check.inClosed("x", 1.0, 0, 1));
        assertEquals(3, Check.positiveInt("x", 3));
        assertEquals("v", Check.required("x", "v"));
        assertEquals(-2.0, Check.finite("x", -2.0));
    }

    @Test
    void checksRejectOutOfRangeWithPathValueAndRule() {
        assertEquals("lr = 0.0: must be > 0", assertThrows(ConfigException.class, () -> Check.positive("lr", 0)).getMessage());
        assertEquals("wd = -1.0: must be >= 0",
                assertThrows(ConfigException.class, () -> Check.nonNegative("wd", -1)).getMessage());
        assertEquals("b = 1.0: must be in [0, 1)",
                assertThrows(ConfigException.class, () -> Check.inHalfOpen("b", 1, 0, 1)).getMessage());
        assertEquals("d = 1.5: must be in [0, 1]",
                assertThrows(ConfigException.class, () -> Check.inClosed("d", 1.5, 0, 1)).getMessage());
        assertEquals("k = 0: must be > 0", assertThrows(ConfigException.class, () -> Check.positiveInt("k", 0)).getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> Check.required("lr", null));
        assertEquals("lr = null: is required", missing.getMessage());
        assertNull(missing.value());
    }

    @Test
    void withPrefixAddsTheParentPath() {
        ConfigException e = new ConfigException("lr", -1.0, "must be > 0");
        ConfigException outer = e.withPrefix("optimizer");
        assertEquals("optimizer.lr = -1.0: must be > 0", outer.getMessage());
        assertEquals("optimizer.lr", outer.path());
        assertEquals(-1.0, outer.value());
        assertEquals("must be > 0", outer.reason());
        assertEquals("lr", e.path(), "the original is unchanged");
        assertInstanceOf(IllegalArgumentException.class, outer);
    }

    @Test
    void sgdRequiresAPositiveFiniteLearningRate() {
        assertEquals("lr", assertThrows(ConfigException.class, () -> new SgdConfig(null, null, null, null, null)).path());
        assertEquals("lr = -1.0: must be > 0",
                assertThrows(ConfigException.class, () -> SgdConfig.of(-1.0)).getMessage());
        assertEquals("lr", assertThrows(ConfigException.class, () -> SgdConfig.of(Double.NaN)).path());
    }

    @Test
    void sgdDefaultsAreTorchs() {
        SgdConfig c = SgdConfig.of(0.1);
        assertEquals(new SgdConfig(0.1, 0.0, 0.0, 0.0, false), c);
    }

    @Test
    void nesterovNeedsMomentumAndNoDampening() {
        ConfigException noMomentum = assertThrows(ConfigException.class,
                () -> SgdConfig.of(0.1).withNesterov(true));
        assertEquals("nesterov", noMomentum.path());
        assertTrue(noMomentum.getMessage().contains("momentum > 0"), noMomentum.getMessage());
        assertThrows(ConfigException.class, () -> new SgdConfig(0.1, 0.9, 0.1, null, true));
        new SgdConfig(0.1, 0.9, 0.0, null, true);
    }

    @Test
    void sgdRejectsOutOfRangeMomentumAndDecay() {
        assertEquals("momentum", assertThrows(ConfigException.class, () -> SgdConfig.of(0.1).withMomentum(1.0)).path());
        assertEquals("momentum", assertThrows(ConfigException.class, () -> SgdConfig.of(0.1)
                .withMomentum(-0.1)).path());
        assertEquals("weightDecay", assertThrows(ConfigException.class, () -> SgdConfig.of(0.1)
                .withWeightDecay(-1e-4)).path());
    }

    @Test
    void adamwDefaultsAreTorchs() {
        assertEquals(new AdamWConfig(1e-3, 0.9, 0.999, 1e-8, 1e-2), AdamWConfig.defaults());
    }

    @Test
    void adamwRejectsBadValues() {
        assertEquals("lr", assertThrows(ConfigException.class, () -> AdamWConfig.defaults().withLr(-1e-3)).path());
        assertEquals("lr", assertThrows(ConfigException.class, () -> AdamWConfig.defaults().withLr(Double.NaN)).path());
        assertEquals("beta1", assertThrows(ConfigException.class, () -> AdamWConfig.defaults().withBeta1(1.0)).path());
        assertEquals("beta2", assertThrows(ConfigException.class, () -> AdamWConfig.defaults()
                .withBeta2(Double.NaN)).path());
        assertEquals("eps", assertThrows(ConfigException.class, () -> AdamWConfig.defaults().withEps(-1e-8)).path());
        assertEquals("weightDecay",
                assertThrows(ConfigException.class, () -> AdamWConfig.defaults().withWeightDecay(-0.1)).path());
    }

    @Test
    void jsonBindsByTypeNameAndAppliesDefaults() throws Exception {
        ObjectMapper json = new ObjectMapper();
        OptimizerConfig a = json.readValue("{\"type\":\"adamw\",\"lr\":0.01}", OptimizerConfig.class);
        assertEquals(AdamWConfig.defaults().withLr(0.01), a);
        OptimizerConfig s = json.readValue(
                "{\"type\":\"sgd\",\"lr\":0.1,\"momentum\":0.9,\"nesterov\":true,\"weightDecay\":5e-4}", OptimizerConfig.class);
        assertEquals(new SgdConfig(0.1, 0.9, 0.0, 5e-4, true), s);
        assertInstanceOf(Sgd.class, Optimizers.fromConfig(s));
        assertInstanceOf(AdamW.class, Optimizers.fromConfig(a));
    }

    @Test
    void jsonValidationFailureCarriesTheConfigException() {
        ObjectMapper json = new ObjectMapper();
        ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
                () -> json.readValue("{\"type\":\"sgd\",\"lr\":-1}", OptimizerConfig.class));
        ConfigException cause = assertInstanceOf(ConfigException.class, e.getCause());
        assertEquals("optimizer.lr = -1.0: must be > 0", cause.withPrefix("optimizer").getMessage());
    }

    @Test
    void configsAndOptimizersSurviveJavaSerialization() throws Exception {
        SgdConfig sgd = new SgdConfig(0.1, 0.9, 0.0, 1e-4, true);
        AdamWConfig adamw = AdamWConfig.defaults().withLr(3e-4).withBeta2(0.95).withWeightDecay(0.1);
        assertEquals(sgd, JavaSerialization.roundTrip(sgd));
        assertEquals(adamw, JavaSerialization.roundTrip(adamw));
        Optimizer opt = JavaSerialization.roundTrip(Optimizers.adamw(adamw, AdamW.Semantics.DL4J));
        assertEquals(adamw, ((AdamW) opt).config());
        assertSame(AdamW.Semantics.DL4J, ((AdamW) opt).semantics());
    }
}
