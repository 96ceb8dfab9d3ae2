package org.sparkharness.driver.ps;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sparkharness.driver.rounds.Absent;
import org.sparkharness.driver.rounds.RoundEvent;

/**
 * One parameter-server round in {@code metrics.jsonl} (field names in snake_case: {@code round_ms},
 * {@code late_ignored}, …).
 *
 * @param n                   workers launched
 * @param k                   results awaited
 * @param b                   backup workers, n − k
 * @param accepted            workers whose gradient the step used
 * @param rejected            workers whose result was NaN/Inf, failed or missing
 * @param cancelled           workers still running at the cut-off
 * @param lateIgnored         results that arrived after the cut-off
 * @param failed              workers whose computation threw
 * @param lost                workers absent because their task or executor went away
 * @param rejoined            workers whose restarted task came back this round
 * @param roundMs             the whole round on the driver
 * @param waitMs              submission to the last awaited arrival
 * @param arrivalMs           each arrived worker's time after submission
 * @param computeMs           each accepted worker's own compute time (the rest is transport, waiting, the driver)
 * @param loss                mean training loss of the accepted examples
 * @param examples            examples in the step
 * @param examplesPerS        examples per round second
 * @param predictedRoundMs    DBW's predicted round time for the k it chose; absent for other policies
 * @param dbw                 DBW's estimates, or the reason it fell back; absent for other policies
 * @param gradientStats       gradient statistics, when the policy uses them
 * @param skippedBatches      Sven's all-zero-Jacobian minibatches this round; absent until the first
 * @param skippedBatchesTotal the same since the run started
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Absent.class)
public record PsRoundEvent(long round, int n, int k, int b, List<Integer> accepted, List<Integer> rejected,
                           List<Integer> cancelled, int lateIgnored, List<Integer> failed, List<Integer> lost,
                           List<Integer> rejoined, double roundMs, double waitMs, Map<String, Double> arrivalMs,
                           Map<String, Double> computeMs, double loss, long examples, double examplesPerS,
                           Double predictedRoundMs, Map<String, Object> dbw, GradientStats gradientStats,
                           Long skippedBatches, Long skippedBatchesTotal) implements RoundEvent {

    /** The event of round {@code round} from its outcome and the summed gradients' counts. */
    static PsRoundEvent of(long round, RoundOutcome o, GradientSum sum, double roundSeconds,
                           BackupPolicy.Decision decision, boolean dbwPolicy, GradientStats stats,
                           long skippedNow, long skippedTotal) {
        Map<String, Double> arrivals = new TreeMap<>();
        o.arrivals().forEach(a -> arrivals.put(Integer.toString(a.worker()), a.arrivalMillis()));
        Map<String, Double> compute = new TreeMap<>();
        o.accepted().forEach(x -> compute.put(Integer.toString(x.worker()), x.result().computeNanos() / 1e6));
        Double predicted = null;
        Map<String, Object> dbw = null;
        if (!decision.estimates().isEmpty()) {
            predicted = (Double) decision.estimates().get("predicted_round_ms");
            dbw = new TreeMap<>(decision.estimates());
        } else if (dbwPolicy) {
            dbw = Map.of("reason", decision.reason());
        }
        boolean sven = skippedTotal > 0;
        return new PsRoundEvent(round, o.launched(), o.awaited(), o.launched() - o.awaited(), o.acceptedWorkers(),
                o.rejected(), o.cancelled(), o.lateIgnored(), o.failed(), o.lost(), o.rejoined(), roundSeconds * 1e3,
                o.cutoffNanos() / 1e6, arrivals, compute, sum.meanLoss(), sum.count(), sum.count() / roundSeconds,
                predicted, dbw, stats, sven ? skippedNow : null, sven ? skippedTotal : null);
    }

    @Override
    public boolean noteworthy() { return !failed.isEmpty() || !lost.isEmpty() || !rejoined.isEmpty(); }
}
