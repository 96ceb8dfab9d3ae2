package org.sparkharness.driver.ps;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.executors.worker.WorkerResult;

/**
 * Sum of accepted worker results. The mean gradient is ΣG_i / Σm_i (workers return sums, parameter-server.md §1.1);
 * summation runs in the order given, which callers keep sorted by worker for reproducibility.
 */
public record GradientSum(INDArray gradientSum, long count, double lossSum) {

    public static GradientSum of(List<WorkerResult> results) {
        if (results.isEmpty()) throw new IllegalArgumentException("no results to aggregate");
        INDArray sum = results.get(0).gradientSum().dup();
        long count = results.get(0).count();
        double loss = results.get(0).lossSum();
        for (int i = 1; i < results.size(); i++) {
            WorkerResult r = results.get(i);
            if (r.gradientSum().length() != sum.length()) {
                throw new IllegalArgumentException("worker " + r.worker() + " sent " + r.gradientSum().length()
                        + " gradient values, expected " + sum.length());
            }
            sum.addi(r.gradientSum());
            count += r.count();
            loss += r.lossSum();
        }
        return new GradientSum(sum, count, loss);
    }

    public INDArray meanGradient() { return gradientSum.div(count); }

    public double meanLoss() { return lossSum / count; }
}
