package org.sparkharness.driver.federated;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sparkharness.executors.client.ClientEvaluation;

/**
 * The evaluation conventions of docs/algorithms/federated.md §1 over per-client results. Global accuracy pools every
 * client's test split (Σcorrect / Σn, FedProx's convention); personalised accuracy is each client's own model on its
 * own test split, reported as the unweighted mean over clients (primary), the sample-weighted mean and the std.
 *
 * @param globalAccuracy           global model, pooled test splits of all clients
 * @param globalLoss               global model, mean test loss over the pooled test splits
 * @param trainLoss                global model, sample-weighted mean train loss over all clients
 * @param personalAccuracy         unweighted mean over clients of their own model's test accuracy
 * @param personalAccuracyWeighted Σ personal correct / Σ test examples
 * @param personalAccuracyStd      population std over clients of personal test accuracy
 */
public record EvalStats(double globalAccuracy, double globalLoss, double trainLoss, double personalAccuracy,
                        double personalAccuracyWeighted, double personalAccuracyStd) {

    public static EvalStats of(List<ClientEvaluation> evals) {
        long test = 0, train = 0, globalCorrect = 0, personalCorrect = 0;
        double globalLoss = 0, trainLoss = 0, accSum = 0, accSq = 0;
        int withTest = 0;
        for (ClientEvaluation e : evals) {
            test += e.testSize();
            train += e.trainSize();
            globalCorrect += e.globalCorrect();
            personalCorrect += e.personalCorrect();
            globalLoss += e.globalLossSum();
            trainLoss += e.trainLossSum();
            if (e.testSize() > 0) {
                double a = e.personalAccuracy();
                accSum += a;
                accSq += a * a;
                withTest++;
            }
        }
        double mean = withTest == 0 ? Double.NaN : accSum / withTest;
        double var = withTest == 0 ? Double.NaN : Math.max(0, accSq / withTest - mean * mean);
        return new EvalStats(ratio(globalCorrect, test), globalLoss / test,
                evals.stream().allMatch(e -> e.trainLossSum() == 0) ? Double.NaN : trainLoss / train, mean,
                ratio(personalCorrect, test), Math.sqrt(var));
    }

    /** The fields under their metrics.jsonl names; undefined ones (NaN, e.g. train loss not measured) left out. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("global_accuracy", globalAccuracy);
        m.put("global_loss", globalLoss);
        m.put("train_loss", trainLoss);
        m.put("personal_accuracy", personalAccuracy);
        m.put("personal_accuracy_weighted", personalAccuracyWeighted);
        m.put("personal_accuracy_std", personalAccuracyStd);
        m.values().removeIf(v -> !Double.isFinite((Double) v));
        return m;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }
}
