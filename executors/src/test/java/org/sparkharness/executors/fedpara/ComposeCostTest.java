package org.sparkharness.executors.fedpara;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.objective.NetworkObjective;
import org.sparkharness.optimizers.Objective;
import org.sparkharness.optimizers.ParamTable;

/**
 * The per-step overhead of the reparameterisation on the MNIST 2NN 784-200-200-10 at γ = 0.3, float32: compose and
 * pull-back alone, and a whole evaluate (B = 32) with and without FedPara for scale. Prints the costs; asserts only a
 * bound that catches an accidental element loop.
 */
class ComposeCostTest {
    private static final int WARM = 30;
    private static final int N = 100;
    private ParamTable w;

    @Test
    void composeAndPullBackCostOnMnist2nn() {
        NetworkAdapter adapter = new NetworkAdapter(new MlpSpec(List.of(200, 200), "relu").network(new InputShape(28, 28, 1, 10), 1L));
        ParamTable dense = adapter.params();
        FedPara p = FedPara.plan(dense.shapes(), 0.3, FedPara.Init.VARIANCE_MATCHED, false);
        w = p.init(dense, 2);
        ParamTable g = TestTables.random(dense.shapes(), 3, DataType.FLOAT, 0.01);

        double composeUs = micros(() -> p.compose(w), false);
        double pullBackUs = micros(() -> p.pullBack(w, g), false);
        double bothReleasedUs = micros(() -> {
            release(p.compose(w), p.ranks().keySet());
            return p.pullBack(w, g);
        }, true);

        SplittableRandom rng = new SplittableRandom(4);
        INDArray x = TestTables.gaussian(rng, new long[] {32, 784}, 1).castTo(DataType.FLOAT);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 32, 10);
        for (int i = 0; i < 32; i++) {
            y.putScalar(i, rng.nextInt(10), 1.0);
        }
        Objective plain = new NetworkObjective(adapter, x, y);
        Objective fed = new ReparameterisedObjective(plain, p);
        double plainUs = micros(() -> plain.evaluate(dense).gradient(), false);
        double fedUs = micros(() -> fed.evaluate(w).gradient(), false);

        System.out.printf("FedPara 784-200-200-10 gamma=0.3 float32 (%s): compose %.0f us, pullBack %.0f us; both with "
                        + "outputs released %.0f us; evaluate B=32 dense %.0f us, FedPara %.0f us%n", p.ranks(),
                composeUs, pullBackUs, bothReleasedUs, plainUs, fedUs);
        // Timing is printed, never asserted (a loaded machine must not fail the build); what must hold is the layout:
        // one gradient per factor, shaped like it, and the composed table shaped like the dense one.
        ParamTable factors = p.pullBack(w, g);
        assertEquals(w.names(), factors.names());
        for (String n : w.names()) assertArrayEquals(w.get(n).shape(), factors.get(n).shape(), n);
        assertEquals(dense.shapes().keySet(), p.compose(w).shapes().keySet());
    }

    /** Mean microseconds per call; {@code outputsReleased}: the factor gradients are freed after each call. */
    private double micros(Supplier<ParamTable> f, boolean outputsReleased) {
        for (int i = 0; i < WARM; i++) {
            f.get();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < N; i++) {
            ParamTable out = f.get();
            if (outputsReleased) {
                release(out, w.names().stream().filter(n -> n.contains(".")).toList());
            }
        }
        return (System.nanoTime() - t0) / 1e3 / N;
    }

    /** Frees the entries compose/pullBack allocated; passed-through entries alias their inputs and must stay. */
    private static void release(ParamTable t, java.util.Collection<String> allocated) {
        allocated.forEach(n -> LowRankTerm.release(t.get(n)));
    }
}
