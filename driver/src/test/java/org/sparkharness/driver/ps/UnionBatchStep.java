package org.sparkharness.driver.ps;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.worker.BatchSampler;
import org.sparkharness.executors.worker.WorkerShard;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.ParamTable;

/**
 * The reference a parameter-server round is checked against: one optimizer step computed directly, in this JVM, on
 * the union of the given workers' round-0 minibatches (what synchronous SGD over those workers does).
 */
record UnionBatchStep(List<WorkerShard> shards, ModelSpec model, InputShape input, int batch, long seed) {

    ParamTable step(List<Integer> workers, ParamTable p0, Optimizer opt) {
        List<INDArray> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int w : workers) {
            WorkerShard s = shards.get(w);
            int[] rows = BatchSampler.indices(seed, w, 0, s.size(), batch);
            xs.add(s.features().getRows(rows));
            ys.add(s.labels().getRows(rows));
        }
        INDArray x = Nd4j.vstack(xs.toArray(INDArray[]::new)), y = Nd4j.vstack(ys.toArray(INDArray[]::new));
        NetworkAdapter single = new NetworkAdapter(model.network(input, seed));
        single.setParams(p0);
        INDArray mean = single.network().gradientAndScore(x, y).gradient().divi(x.rows());
        return opt.update(p0, single.table(mean), opt.init(p0)).params();
    }

    /** ‖Δactual − Δexpected‖ / ‖Δexpected‖, the updates taken from {@code p0}. */
    static double relativeUpdateError(ParamTable actual, ParamTable expected, ParamTable p0) {
        INDArray a = actual.flatten().sub(p0.flatten()), e = expected.flatten().sub(p0.flatten());
        return a.sub(e).norm2Number().doubleValue() / e.norm2Number().doubleValue();
    }
}
