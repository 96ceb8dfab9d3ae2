package org.sparkharness.driver.federated;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.sparkharness.driver.rounds.Absent;
import java.util.List;
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
 * (metrics.jsonl: snake_case names; undefined values, e.g. a train loss not measured, are left out)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Absent.class)
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

    private static double ratio(long a, long b) {
        return b == 0 ? Double.NaN : (double) a / b;
    }
}
