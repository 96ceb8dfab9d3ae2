package org.sparkharness.executors.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.objective.NetworkObjective;
import org.sparkharness.optimizers.Objective;
import org.sparkharness.optimizers.Sven;
import org.sparkharness.optimizers.TrajectoryLoss;

class LocalRuleTest {
    private static final int B = 6;
    private final NetworkAdapter net = new NetworkAdapter(new MlpSpec(List.of(8), null).network(InputShape.fashionMnist(), 5));
    private final INDArray params = net.flatParams();
    private final WorkerBatch batch = batch();

    private static WorkerBatch batch() {
        INDArray x = Nd4j.rand(DataType.FLOAT, B, 784);
        INDArray y = Nd4j.zeros(DataType.FLOAT, B, 10);
        for (int i = 0; i < B; i++) y.putScalar(i, (3 * i) % 10, 1.0);
        return new WorkerBatch(1, x, y, new long[] {10, 11, 12, 13, 14, 15});
    }

    private INDArray plain() {
        return new PlainGradient().compute(batch, net, RoundInput.of(0, params)).sum();
    }

    @Test
    void samWithATinyRadiusIsThePlainGradientAndWithAFiniteOneDiffers() {
        INDArray g = plain();
        INDArray tiny = new SharpnessAwareGradient(1e-7, false).compute(batch, net, RoundInput.of(0, params)).sum();
        assertTrue(tiny.equalsWithEps(g, 1e-4));
        LocalOutput sam = new SharpnessAwareGradient(0.5, false).compute(batch, net, RoundInput.of(0, params));
        assertFalse(sam.sum().equalsWithEps(g, 1e-4), "the gradient at w + e differs from the one at w");
        // SAM reports the loss at w, and leaves no trace of the perturbation in later rounds' inputs.
        assertEquals(new PlainGradient().compute(batch, net, RoundInput.of(0, params)).meanLoss(), sam.meanLoss(), 1e-6);
    }

    @Test
    void svenReturnsBTimesThePseudoInverseDirectionOfItsOwnJacobian() {
        LocalOutput out = new SvenDirection(4, 1e-3, 2.0, 1e-10).compute(batch, net, RoundInput.of(0, params));
        Objective.PerExample pe = new NetworkObjective(net, batch.features(), batch.labels()).perExampleFlat(params);
        Sven.Direction d = Sven.direction(pe.jacobian(), pe.losses(), 4, 1e-3, 1e-10);
        assertTrue(out.sum().equalsWithEps(d.delta().reshape(d.delta().length()).mul(B), 1e-4));
        assertFalse(out.skipped());
    }

    @Test
    void trajectoryTermAgainstItsOwnLogitsAddsNothingAndRecordsThem() {
        LocalOutput first = new TrajectoryGradient(5, 0.3, true).compute(batch, net, RoundInput.of(0, params));
        assertNotNull(first.logits());
        assertArrayEquals(new long[] {B, 10}, first.logits().shape());
        assertTrue(first.sum().equalsWithEps(plain(), 1e-5), "no past logits: plain gradient");

        INDArray ones = Nd4j.ones(DataType.FLOAT, B);
        RoundInput same = new RoundInput(0, params, null, Map.of(1, new RoundInput.PastLogits(first.logits(), ones)));
        LocalOutput matched = new TrajectoryGradient(5, 0.3, true).compute(batch, net, same);
        assertTrue(matched.sum().equalsWithEps(plain(), 1e-5), "p = q: the KL term and its gradient vanish");
    }

    @Test
    void trajectoryTermAgainstOtherLogitsAddsItsLossAndChangesTheGradient() {
        LocalOutput plainOut = new TrajectoryGradient(2, 0.5, true).compute(batch, net, RoundInput.of(0, params));
        INDArray past = Nd4j.rand(DataType.FLOAT, B, 10).muli(4);
        INDArray ones = Nd4j.ones(DataType.FLOAT, B);
        RoundInput in = new RoundInput(0, params, null, Map.of(1, new RoundInput.PastLogits(past, ones)));
        LocalOutput out = new TrajectoryGradient(2, 0.5, false).compute(batch, net, in);
        assertNull(out.logits(), "MESA-style rules do not send logits back");
        double term = TrajectoryLoss.of(plainOut.logits(), past, ones, 2, 0.5).meanLoss();
        assertEquals(plainOut.meanLoss() + term, out.meanLoss(), 1e-4);
        assertFalse(out.sum().equalsWithEps(plainOut.sum(), 1e-4));
        // A worker without an entry in the map trains plainly.
        RoundInput other = new RoundInput(0, params, null, Map.of(0, new RoundInput.PastLogits(past, ones)));
        assertTrue(new TrajectoryGradient(2, 0.5, false).compute(batch, net, other).sum().equalsWithEps(plain(), 1e-5));
    }

    @Test
    void aTeacherEqualToTheStudentAddsNothing() {
        RoundInput in = new RoundInput(0, params, params, Map.of());
        LocalOutput out = new TrajectoryGradient(5, 0.8, false).compute(batch, net, in);
        assertTrue(out.sum().equalsWithEps(plain(), 1e-4));
    }

    @Test
    void theTaskRunsItsRuleAndReturnsIdsWithLogits() {
        WorkerShard shard = new WorkerShard(1, batch.features(), batch.labels(), batch.ids());
        GradientTask task = new GradientTask(new MlpSpec(List.of(8), null), InputShape.fashionMnist(), B, 3, null,
                new TrajectoryGradient(5, 0.3, true));
        WorkerResult r = task.run(0, shard, RoundInput.of(0, params), TaskControl.NEVER);
        assertNotNull(r.logits());
        assertEquals(B, r.exampleIds().length);
        assertTrue(java.util.Arrays.stream(r.exampleIds()).allMatch(id -> id >= 10 && id <= 15));
        assertTrue(r.isFinite());
    }
}
