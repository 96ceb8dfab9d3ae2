package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkharness.optimizers.config.AdafactorConfig;

/**
 * How {@link GoldenVectorTest}'s runners map the golden files' keys (docs/algorithms/optimizers.md §11.1) onto configs,
 * for the cases the copied golden files do not contain yet: {@code torch_optim_adafactor_wd}, {@code imoneoi_default}.
 */
class GoldenRunnerKeysTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static GoldenVectorTest.Hyperparameters h(String json) throws Exception {
        JsonNode node = JSON.readTree(json.replace('\'', '"'));
        return new GoldenVectorTest.Hyperparameters("t", node);
    }

    @Test
    void torchOptimAdafactorKeysMapOntoTheConfig() throws Exception {
        GoldenVectorTest.Hyperparameters hp = h("{'semantics': 'torch_optim', 'lr': 0.01, 'eps1': 1.1920929e-07, "
                + "'eps2': 0.001, 'd': 1.5, 'beta2_decay': -0.7, 'weight_decay': 0.1, 'maximize': false}");
        Adafactor a = assertInstanceOf(Adafactor.class, GoldenVectorTest.adafactor(hp));
        hp.requireAllRead();
        assertSame(Adafactor.Semantics.TORCH_OPTIM, a.semantics());
        assertEquals(new AdafactorConfig(0.01, 1.1920929e-07, 0.001, 1.5, -0.7, null, 0.1, true, false, false),
                a.config());
    }

    @Test
    void torchOptimDefaultsAreTorchs() throws Exception {
        Adafactor a = assertInstanceOf(Adafactor.class, GoldenVectorTest.adafactor(h("{'semantics': 'torch_optim'}")));
        assertEquals((double) Math.ulp(1.0f), a.config().eps1(), "float32 machine epsilon");
        assertEquals(true, a.config().relativeStep(), "lr 1e-2 caps the relative step: the same rule");
    }

    @Test
    void maximizeRunsTheRuleOnTheNegatedGradient() throws Exception {
        Optimizer max = GoldenVectorTest.adafactor(h("{'semantics': 'torch_optim', 'lr': 0.01, 'maximize': true}"));
        Optimizer min = GoldenVectorTest.adafactor(h("{'semantics': 'torch_optim', 'lr': 0.01, 'maximize': false}"));
        ParamTable p = TestTables.normal(1, DataType.DOUBLE);
        ParamTable g = TestTables.normal(2, DataType.DOUBLE);
        assertEquals(min.update(p, g.map(x -> x.neg()), min.init(p)), max.update(p, g, max.init(p)));
    }

    @Test
    void hfKeysMapOntoTheConfig() throws Exception {
        GoldenVectorTest.Hyperparameters hp = h("{'semantics': 'hf_fairseq_t2t', 'lr': 0.05, 'eps1': 1e-30, "
                + "'eps2': 0.001, 'clip_threshold': 1.0, 'decay_rate': -0.8, 'beta1': 0.9, 'weight_decay': 0.1, "
                + "'scale_parameter': false, 'relative_step': false, 'warmup_init': false}");
        Adafactor a = assertInstanceOf(Adafactor.class, GoldenVectorTest.adafactor(hp));
        hp.requireAllRead();
        assertEquals(new AdafactorConfig(0.05, 1e-30, 1e-3, 1.0, -0.8, 0.9, 0.1, false, false, false), a.config());
    }

    @Test
    void imoneoiAdamAtan2ReadsNoConstants() throws Exception {
        GoldenVectorTest.Hyperparameters hp = h("{'semantics': 'imoneoi', 'lr': 0.001, 'beta1': 0.9, 'beta2': 0.999, "
                + "'weight_decay': 0.01}");
        AdamAtan2 a = assertInstanceOf(AdamAtan2.class, GoldenVectorTest.PER_STEP.get("Adam-atan2").apply(hp));
        hp.requireAllRead();
        assertSame(AdamAtan2.Semantics.IMONEOI, a.semantics());
        assertEquals(0.999, a.config().beta2());
    }
}
