package org.sparkharness.optimizers.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkharness.optimizers.JavaSerialization;
import org.sparkharness.optimizers.Mesa;
import org.sparkharness.optimizers.Optimizers;
import org.sparkharness.optimizers.Saf;
import org.sparkharness.optimizers.SafSchedule;
import org.sparkharness.optimizers.Sam;
import org.sparkharness.optimizers.Sgd;
import org.sparkharness.optimizers.Sven;

/** Configs of the wrappers (SAM, SAF, MESA) and of Sven: defaults, validation, JSON binding. */
class WrapperConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SgdConfig SGD = SgdConfig.of(0.1).withMomentum(0.9).withWeightDecay(5e-4);

    @Test
    void everyWrapperRequiresABaseAndListsTheAllowedTypes() {
        List<Runnable> missing = List.of(
                () -> new SamConfig(null, null, null),
                () -> new SafConfig(null, null, null, null, null, null),
                () -> new MesaConfig(null, null, null, null, null, null));
        for (Runnable r : missing) {
            ConfigException e = assertThrows(ConfigException.class, r::run);
            assertEquals("base", e.path());
            assertTrue(e.getMessage().contains("sgd") && e.getMessage().contains("adamw"), e.getMessage());
        }
    }

    @Test
    void samDefaultsAndValidation() {
        assertEquals(new SamConfig(SGD, 0.05, false), SamConfig.of(SGD));
        assertEquals("rho", assertThrows(ConfigException.class, () -> new SamConfig(SGD, 0.0, null)).path());
        assertEquals("rho", assertThrows(ConfigException.class, () -> new SamConfig(SGD, -0.05, null)).path());
        assertEquals("rho", assertThrows(ConfigException.class, () -> new SamConfig(SGD, Double.NaN, null)).path());
    }

    @Test
    void svenRequiresLrAndKAndValidatesTheRest() {
        assertEquals(new SvenConfig(0.5, 16, 1e-3, 2.0, 1e-10), SvenConfig.of(0.5, 16));
        assertEquals("lr", assertThrows(ConfigException.class, () -> new SvenConfig(null, 4, null, null, null)).path());
        assertEquals("lr = -1.0: must be > 0",
                assertThrows(ConfigException.class, () -> SvenConfig.of(-1.0, 4)).getMessage());
        assertEquals("lr", assertThrows(ConfigException.class, () -> SvenConfig.of(Double.NaN, 4)).path());
        assertEquals("k", assertThrows(ConfigException.class, () -> new SvenConfig(0.5, null, null, null, null)).path());
        assertEquals("k = 0: must be > 0", assertThrows(ConfigException.class, () -> SvenConfig.of(0.5, 0)).getMessage());
        assertEquals("rtol", assertThrows(ConfigException.class, () -> SvenConfig.of(0.5, 4).withRtol(1.0)).path());
        assertEquals("rtol", assertThrows(ConfigException.class, () -> SvenConfig.of(0.5, 4).withRtol(-1e-3)).path());
        assertEquals("kappa", assertThrows(ConfigException.class, () -> SvenConfig.of(0.5, 4).withKappa(0.0)).path());
        assertEquals("tol", assertThrows(ConfigException.class, () -> SvenConfig.of(0.5, 4).withTol(-1.0)).path());
        new SvenConfig(0.5, 4, 0.0, 1.0, 0.0);
    }

    @Test
    void safDefaultsAreTheReadmeValuesAndTheScheduleIsValidated() {
        SafConfig c = SafConfig.of(SGD);
        assertEquals(new SafConfig(SGD, 5.0, 0.3, 3, 5, 300), c);
        assertEquals(new SafSchedule(3, 5, 300), c.schedule());
        assertEquals("minusEpoch", assertThrows(ConfigException.class,
                () -> SafConfig.of(SGD).withMinusEpoch(0)).path());
        assertEquals("startEpoch", assertThrows(ConfigException.class,
                () -> SafConfig.of(SGD).withStartEpoch(-1)).path());
        assertEquals("endEpoch", assertThrows(ConfigException.class,
                () -> SafConfig.of(SGD).withStartEpoch(10).withEndEpoch(10)).path());
        assertEquals("tau", assertThrows(ConfigException.class,
                () -> SafConfig.of(SGD).withTau(0.0)).path());
        assertEquals("lambda", assertThrows(ConfigException.class,
                () -> SafConfig.of(SGD).withLambda(-0.3)).path());
    }

    @Test
    void mesaDefaultsAndValidation() {
        MesaConfig c = MesaConfig.of(SGD);
        assertEquals(new MesaConfig(SGD, 5.0, 0.8, 0.9998, 5, 300), c);
        assertFalse(c.active(5));
        assertTrue(c.active(6));
        assertFalse(c.active(300));
        assertEquals("decay = 1.0: must be in (0, 1)", assertThrows(ConfigException.class,
                () -> MesaConfig.of(SGD).withDecay(1.0)).getMessage());
        assertEquals("decay", assertThrows(ConfigException.class,
                () -> MesaConfig.of(SGD).withDecay(0.0)).path());
        assertEquals("endEpoch", assertThrows(ConfigException.class,
                () -> MesaConfig.of(SGD).withStartEpoch(7).withEndEpoch(3)).path());
    }

    @Test
    void jsonBindsWrappersByTypeNameWithTheirBase() throws Exception {
        OptimizerConfig sam = JSON.readValue(
                "{\"type\":\"sam\",\"rho\":0.1,\"adaptive\":true,\"base\":{\"type\":\"sgd\",\"lr\":0.1,\"momentum\":0.9}}",
                OptimizerConfig.class);
        assertEquals(new SamConfig(SgdConfig.of(0.1).withMomentum(0.9), 0.1, true), sam);
        Sam built = assertInstanceOf(Sam.class, Optimizers.fromConfig(sam));
        assertInstanceOf(Sgd.class, built.base());
        assertTrue(built.adaptive());

        OptimizerConfig sven = JSON.readValue("{\"type\":\"sven\",\"lr\":0.5,\"k\":16,\"kappa\":1}", OptimizerConfig.class);
        assertEquals(SvenConfig.of(0.5, 16).withKappa(1.0), sven);
        assertInstanceOf(Sven.class, Optimizers.fromConfig(sven));

        OptimizerConfig saf = JSON.readValue(
                "{\"type\":\"saf\",\"minusEpoch\":2,\"base\":{\"type\":\"adamw\",\"lr\":0.001}}", OptimizerConfig.class);
        assertEquals(SafConfig.of(AdamWConfig.defaults().withLr(0.001)).withMinusEpoch(2), saf);
        assertInstanceOf(Saf.class, Optimizers.fromConfig(saf));

        OptimizerConfig mesa = JSON.readValue(
                "{\"type\":\"mesa\",\"decay\":0.999,\"base\":{\"type\":\"sgd\",\"lr\":0.4}}", OptimizerConfig.class);
        Mesa m = assertInstanceOf(Mesa.class, Optimizers.fromConfig(mesa));
        assertEquals(0.999, m.decay());
    }

    @Test
    void jsonWithAnUnknownOrWrapperBaseTypeFailsNamingBaseAndTheAllowedTypes() {
        for (String type : List.of("adamx", "sam")) {
            InvalidTypeIdException e = assertThrows(InvalidTypeIdException.class, () -> JSON.readValue(
                    "{\"type\":\"sam\",\"base\":{\"type\":\"" + type + "\",\"lr\":0.1}}", OptimizerConfig.class));
            assertTrue(e.getMessage().contains("\"base\"") && e.getMessage().contains("adamw")
                    && e.getMessage().contains("lion") && !e.getMessage().contains("sven"), e.getMessage());
        }
    }

    @Test
    void jsonWithoutABaseCarriesTheConfigException() {
        ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
                () -> JSON.readValue("{\"type\":\"saf\",\"lambda\":0.3}", OptimizerConfig.class));
        ConfigException cause = assertInstanceOf(ConfigException.class, e.getCause());
        assertEquals("optimizer.base", cause.withPrefix("optimizer").path());
    }

    @Test
    void configsAndBuiltOptimizersSurviveJavaSerialization() throws Exception {
        List<OptimizerConfig> configs = List.of(new SamConfig(SGD, 0.2, true), SvenConfig.of(0.1, 8),
                new SafConfig(SGD, 4.0, 0.16, 2, 3, 40), MesaConfig.of(AdamWConfig.defaults()));
        for (OptimizerConfig c : configs) {
            assertEquals(c, JavaSerialization.roundTrip(c));
            assertEquals(c.build().toString(), JavaSerialization.roundTrip(c.build()).toString());
        }
        Saf saf = JavaSerialization.roundTrip(Optimizers.saf(new SafConfig(SGD, 4.0, 0.16, 2, 3, 40)));
        assertEquals(new SafSchedule(2, 3, 40), saf.schedule());
        assertSame(Sgd.class, saf.base().getClass());
    }
}
