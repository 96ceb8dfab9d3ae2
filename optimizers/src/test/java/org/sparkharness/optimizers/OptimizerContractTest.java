package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.optimizers.config.AdafactorConfig;
import org.sparkharness.optimizers.config.AdamAtan2Config;
import org.sparkharness.optimizers.config.AdamWConfig;
import org.sparkharness.optimizers.config.LionConfig;
import org.sparkharness.optimizers.config.MesaConfig;
import org.sparkharness.optimizers.config.SafConfig;
import org.sparkharness.optimizers.config.SgdConfig;

/**
 * The contract every optimizer must meet (docs/algorithms/optimizers.md §12, O4). Adding an optimizer adds one line to
 * {@link #optimizers()}.
 */
class OptimizerContractTest {

    /**
     * Stands for Adafactor's factored state in {@link #optimizers()}: on {@link TestTables} (W 3×4, b 4, v 5) it holds
     * 3 + 4 (W's rows and columns) + 4 + 5 (b and v in full) values, not a multiple of the 21 parameters (O5).
     */
    static final int FACTORED = -1;
    /** Adafactor's factored state plus a first moment (21 values). */
    static final int FACTORED_PLUS_MOMENTUM = -2;

    /** Label, optimizer, and how many parameter-sized tensors its state holds (O5), or {@link #FACTORED}. */
    static Stream<Arguments> optimizers() {
        return Stream.of(
                Arguments.of("saf (sgd momentum)", Optimizers.saf(SafConfig.of(SgdConfig.of(0.05).withMomentum(0.9))), 1),
                Arguments.of("mesa (adamw)", Optimizers.mesa(MesaConfig.of(AdamWConfig.defaults().withLr(0.05)
                        .withWeightDecay(1e-3)).withDecay(0.9)), 3),
                Arguments.of("adafactor", Optimizers.adafactor(AdafactorConfig.defaults()), FACTORED),
                Arguments.of("adafactor fixed lr+momentum+wd", Optimizers.adafactor(
                        AdafactorConfig.fixedLr(0.05).withBeta1(0.9).withWeightDecay(1e-3)),
                        FACTORED_PLUS_MOMENTUM),
                Arguments.of("adafactor torch.optim", Optimizers.adafactor(AdafactorConfig.fixedLr(0.05)
                        .withEps1(1.1920929e-7).withWeightDecay(1e-3)
                        .withScaleParameter(true), Adafactor.Semantics.TORCH_OPTIM), FACTORED),
                Arguments.of("adam-atan2", Optimizers.adamAtan2(AdamAtan2Config.defaults().withLr(0.05)
                        .withWeightDecay(1e-3)), 2),
                Arguments.of("adam-atan2 imoneoi", Optimizers.adamAtan2(
                        AdamAtan2Config.defaults().withLr(0.05).withBeta2(0.999)
                                .withWeightDecay(1e-3), AdamAtan2.Semantics.IMONEOI), 2),
                Arguments.of("lion", Optimizers.lion(LionConfig.defaults().withLr(0.01).withWeightDecay(1e-3)), 1),
                Arguments.of("sgd", Optimizers.sgd(SgdConfig.of(0.1)), 0),
                Arguments.of("sgd momentum+wd", Optimizers.sgd(new SgdConfig(0.05, 0.9, 0.0, 1e-4, false)), 1),
                Arguments.of("sgd dampening", Optimizers.sgd(new SgdConfig(0.1, 0.5, 0.5, null, false)), 1),
                Arguments.of("sgd nesterov", Optimizers.sgd(new SgdConfig(0.05, 0.9, 0.0, null, true)), 1),
                Arguments.of("adamw", Optimizers.adamw(AdamWConfig.defaults().withLr(0.05).withWeightDecay(1e-3)), 2),
                Arguments.of("adamw dl4j", Optimizers.adamw(AdamWConfig.defaults().withLr(0.05).withWeightDecay(1e-3),
                        AdamW.Semantics.DL4J), 2));
    }

    /** Gradient of ½‖p − c‖² at p: p − c. */
    static ParamTable parabolaGrad(ParamTable p, ParamTable c) {
        return p.zipWith(c, INDArray::sub);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void convergesOnAParabola(String label, Optimizer opt, int stateCopies) {
        ParamTable c = TestTables.normal(1, DataType.FLOAT);
        ParamTable p = TestTables.normal(2, DataType.FLOAT);
        OptimizerState s = opt.init(p);
        double dist = Math.sqrt(p.zipWith(c, INDArray::sub).squaredNorm());
        while (dist >= 3e-2 && s.step() < 500) {
            Optimizer.Step step = opt.update(p, parabolaGrad(p, c), s);
            p = step.params();
            s = step.state();
            dist = Math.sqrt(p.zipWith(c, INDArray::sub).squaredNorm());
        }
        assertTrue(dist < 3e-2, label + ": distance to the minimum after " + s.step() + " steps is " + dist);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void doesNotMutateOrAliasItsInputs(String label, Optimizer opt, int stateCopies) {
        ParamTable p = TestTables.normal(3, DataType.FLOAT);
        ParamTable g = TestTables.normal(4, DataType.FLOAT);
        // two steps, so momentum buffers and moments are non-zero
        Optimizer.Step warm = opt.update(p, g, opt.init(p));
        warm = opt.update(warm.params(), g, warm.state());
        ParamTable params = warm.params();
        OptimizerState state = warm.state();
        ParamTable paramsCopy = params.dup();
        ParamTable gradsCopy = g.dup();
        Map<String, ParamTable> slotsCopy = new LinkedHashMap<>();
        state.slots().forEach((k, v) -> slotsCopy.put(k, v.dup()));

        Optimizer.Step next = opt.update(params, g, state);

        assertEquals(paramsCopy, params, label + " mutated params");
        assertEquals(gradsCopy, g, label + " mutated grads");
        assertEquals(new OptimizerState(state.step(), slotsCopy, state.scalars()), state, label + " mutated state");
        for (String n : params.names()) {
            assertNotSame(params.get(n), next.params().get(n));
            assertNotSame(g.get(n), next.params().get(n));
            for (ParamTable slot : next.state().slots().values()) {
                if (slot.contains(n)) { // a slot may cover some parameters only (Adafactor's row, col, v)
                    assertNotSame(g.get(n), slot.get(n), label + " state aliases the caller's gradient " + n);
                }
            }
        }
        assertEquals(next, opt.update(params, g, state), label + " is not deterministic");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void preservesNamesOrderShapesAndDtypes(String label, Optimizer opt, int stateCopies) {
        for (DataType dtype : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            ParamTable p = TestTables.normal(5, dtype);
            ParamTable g = TestTables.normal(6, dtype);
            ParamTable reversed = ParamTable.builder().put("v", g.get("v")).put("b", g.get("b")).put("W", g.get("W"))
                    .build();
            Optimizer.Step step = opt.update(p, reversed, opt.init(p));
            assertEquals(p.names(), step.params().names(), label);
            for (String n : p.names()) {
                assertArrayEquals(p.get(n).shape(), step.params().get(n).shape(), label + " " + n);
                assertEquals(dtype, step.params().get(n).dataType(), label + " " + n);
                for (ParamTable slot : step.state().slots().values()) {
                    if (!slot.contains(n)) {
                        continue; // a slot may cover some parameters only (Adafactor's row, col, v)
                    }
                    assertEquals(dtype, slot.get(n).dataType(), label + " state " + n);
                    assertNotSame(reversed.get(n), slot.get(n), label + " first-step state aliases the gradient " + n);
                    assertEquals(p.names().stream().filter(slot::contains).toList(), slot.names(), label + " state order");
                }
            }
            assertEquals(1, step.state().step());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void stateSurvivesCodecAndJavaSerializationAndContinuesIdentically(String label, Optimizer opt, int stateCopies) throws Exception {
        ParamTable c = TestTables.normal(7, DataType.FLOAT);
        ParamTable p = TestTables.normal(8, DataType.FLOAT);
        OptimizerState s = opt.init(p);
        for (int i = 0; i < 3; i++) {
            Optimizer.Step step = opt.update(p, parabolaGrad(p, c), s);
            p = step.params();
            s = step.state();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ParamCodec.write(p, out);
            StateCodec.write(s, out);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        ParamTable p2 = ParamCodec.read(in);
        OptimizerState s2 = StateCodec.read(in);
        assertEquals(s, s2, label);
        assertEquals(s, JavaSerialization.roundTrip(s), label + " (Java serialization)");
        Optimizer opt2 = JavaSerialization.roundTrip(opt);

        for (int i = 0; i < 2; i++) {
            Optimizer.Step a = opt.update(p, parabolaGrad(p, c), s);
            Optimizer.Step b = opt2.update(p2, parabolaGrad(p2, c), s2);
            p = a.params();
            s = a.state();
            p2 = b.params();
            s2 = b.state();
        }
        assertEquals(p, p2, label);
        assertEquals(s, s2, label);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void rejectsNonFiniteGradientsNamingTheParameter(String label, Optimizer opt, int stateCopies) {
        ParamTable p = TestTables.normal(9, DataType.FLOAT);
        ParamTable g = TestTables.normal(10, DataType.FLOAT);
        NonFiniteException nan = assertThrows(NonFiniteException.class,
                () -> opt.update(p, TestTables.with(g, "b", 2, Double.NaN), opt.init(p)));
        assertEquals("b", nan.param(), label);
        assertEquals(1, nan.step());
        assertEquals("gradient", nan.kind());
        assertEquals("non-finite gradient (NaN or Inf) in parameter 'b' at step 1", nan.getMessage());

        Optimizer.Step one = opt.update(p, g, opt.init(p));
        NonFiniteException inf = assertThrows(NonFiniteException.class,
                () -> opt.update(one.params(), TestTables.with(g, "v", 0, Double.NEGATIVE_INFINITY), one.state()));
        assertEquals("v", inf.param());
        assertEquals(2, inf.step());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void rejectsGradientsThatDoNotMatchTheParameters(String label, Optimizer opt, int stateCopies) {
        ParamTable p = TestTables.normal(11, DataType.FLOAT);
        ParamTable g = TestTables.normal(12, DataType.FLOAT);
        ParamTable missing = ParamTable.builder().put("W", g.get("W")).put("b", g.get("b")).build();
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> opt.update(p, missing, opt.init(p)));
        assertEquals("v", e.param());
        assertTrue(e.getMessage().contains("gradients"), e.getMessage());
        IllegalArgumentException dtype = assertThrows(IllegalArgumentException.class,
                () -> opt.update(p, TestTables.normal(12, DataType.DOUBLE), opt.init(p)));
        assertTrue(dtype.getMessage().contains("'W'") && dtype.getMessage().contains("DOUBLE"), dtype.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void stateMemoryIsWhatTheMethodPromises(String label, Optimizer opt, int stateCopies) {
        ParamTable p = TestTables.normal(13, DataType.FLOAT);
        long perCopy = p.numParams() * Float.BYTES;
        long factored = (3 + 4 + 4 + 5) * Float.BYTES;
        long expected = stateCopies == FACTORED ? factored
                : stateCopies == FACTORED_PLUS_MOMENTUM ? factored + perCopy : stateCopies * perCopy;
        assertEquals(expected, opt.stateBytes(opt.init(p)), label);
    }
}
