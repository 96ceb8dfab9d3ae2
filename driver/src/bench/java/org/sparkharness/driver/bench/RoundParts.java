package org.sparkharness.driver.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.driver.ps.TrainingMethods;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.NativeMemory;
import org.sparkharness.executors.model.NetworkAdapter;
import org.sparkharness.executors.worker.LocalOutput;
import org.sparkharness.executors.worker.LocalRule;
import org.sparkharness.executors.worker.PlainGradient;
import org.sparkharness.executors.worker.RoundInput;
import org.sparkharness.executors.worker.SharpnessAwareGradient;
import org.sparkharness.executors.worker.TrajectoryGradient;
import org.sparkharness.executors.worker.WorkerBatch;
import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.OptimizerState;
import org.sparkharness.optimizers.ParamTable;

/**
 * What one round of the optimizers benchmark is made of, part by part, on the same MLP and batch: the worker's rule
 * for each method, MESA's teacher forward pass alone, the server's flatten of a parameter table (MESA flattens its
 * teacher every round to broadcast it) and the server steps of AdamW and MESA (AdamW plus the teacher EMA). Each
 * figure is the median over {@code reps} blocks of {@code n} calls, blocks interleaved across parts. It says what
 * bounds an epoch-time ratio: a part a method adds cannot be cheaper than its measured cost here.
 */
final class RoundParts {
    interface Part {
        void run();
    }

    static Map<String, Double> run(LabeledImages train, int n, int reps) {
        NetworkAdapter net = new NetworkAdapter(OptimizerTraining.MODEL.network(InputShape.fashionMnist(),
                OptimizerTraining.SEED));
        int b = OptimizerTraining.BATCH;
        int[] rows = new int[b];
        for (int i = 0; i < b; i++) rows[i] = i;
        LabeledImages part = train.subset(rows);
        long[] ids = new long[b];
        for (int i = 0; i < b; i++) ids[i] = i;
        WorkerBatch batch = new WorkerBatch(0, part.features(), part.oneHotLabels(), ids);
        INDArray params = net.network().params().dup();
        INDArray teacher = params.mul(0.999);
        RoundInput plainInput = RoundInput.of(0, params);
        RoundInput mesaInput = new RoundInput(0, params, teacher, Map.of());
        ParamTable table = net.table(params);
        ParamTable grads = table.map(x -> x.mul(1e-3));
        Optimizer adamw = server("adamw", net);
        Optimizer mesa = server("mesa", net);

        Map<String, Part> parts = new LinkedHashMap<>();
        parts.put("worker_plain_ms", rule(new PlainGradient(), batch, net, plainInput));
        parts.put("worker_sam_ms", rule(new SharpnessAwareGradient(0.05, false), batch, net, plainInput));
        parts.put("worker_asam_ms", rule(new SharpnessAwareGradient(0.5, true), batch, net, plainInput));
        parts.put("worker_saf_ms", rule(new TrajectoryGradient(5, 0.3, true), batch, net, plainInput));
        parts.put("worker_mesa_ms", rule(new TrajectoryGradient(5, 0.8, false), batch, net, mesaInput));
        parts.put("teacher_forward_ms", () -> {
            net.setFlatParams(teacher);
            NativeMemory.release(net.network().output(batch.features(), false));
        });
        parts.put("flatten_table_ms", () -> NativeMemory.release(net.flatten(table)));
        parts.put("server_adamw_ms", step(adamw, table, grads));
        parts.put("server_mesa_ms", step(mesa, table, grads));

        Map<String, List<Double>> blocks = new LinkedHashMap<>();
        for (Map.Entry<String, Part> e : parts.entrySet()) {
            for (int i = 0; i < 10; i++) e.getValue().run(); // warm-up
        }
        for (int r = 0; r < reps; r++) {
            for (Map.Entry<String, Part> e : parts.entrySet()) {
                long t = System.nanoTime();
                for (int i = 0; i < n; i++) e.getValue().run();
                blocks.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add((System.nanoTime() - t) / 1e6 / n);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : blocks.entrySet()) {
            out.put(e.getKey(), EpochCost.median(e.getValue()));
            System.out.printf("  %-20s %7.3f ms (median of %d blocks of %d)%n", e.getKey(), out.get(e.getKey()), reps, n);
        }
        return out;
    }

    private static Part rule(LocalRule rule, WorkerBatch batch, NetworkAdapter net, RoundInput input) {
        return () -> {
            LocalOutput o = rule.compute(batch, net, input);
            NativeMemory.release(o.sum());
            NativeMemory.release(o.logits());
        };
    }

    /** A server step that, like the round loop, frees the step before the last. */
    private static Part step(Optimizer o, ParamTable params, ParamTable grads) {
        OptimizerState start = o.init(params);
        return () -> {
            Optimizer.Step s = o.update(params, grads, start);
            NativeMemory.release(s.params());
            for (ParamTable slot : s.state().slots().values()) NativeMemory.release(slot);
        };
    }

    private static Optimizer server(String name, NetworkAdapter net) {
        return TrainingMethods.of(OptimizerTraining.parse(OptimizerTraining.CONFIGS.get(name)),
                new TrainingMethods.RunShape(new int[] {60000}, OptimizerTraining.BATCH, OptimizerTraining.SEED, 10,
                        net::flatten)).serverOptimizer();
    }

    private RoundParts() {}
}
