package org.sparkharness.driver.federated;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import org.sparkharness.driver.rounds.Absent;
import org.sparkharness.driver.rounds.RoundEvent;

/**
 * One federated round in {@code metrics.jsonl} (snake_case field names).
 *
 * @param sampled         clients drawn this round
 * @param stragglers      of which stragglers
 * @param dropped         sampled clients the strategy gave no task (FedAvg drops stragglers)
 * @param trained         updates that came back
 * @param accepted        updates aggregated
 * @param rejected        updates refused (non-finite values, or refused by the client)
 * @param localLoss       sample-weighted mean local objective of the accepted updates; absent without any
 * @param sampleEpochs    Σ train examples × epochs over the trained clients (the round's work)
 * @param bytesUp         bytes the accepted updates uploaded (4 per value, plus masks)
 * @param bytesDown       bytes the configured clients downloaded
 * @param bytesTotal      up plus down since the run began
 * @param clientMs        the distribution of client training times
 * @param roundMs         configure, train and aggregate (the evaluation is {@code eval_ms})
 * @param phaseMs         the round's time by phase: configure, train, aggregate
 * @param strategyMetrics the strategy's own numbers (FedCAC's overlaps, …), written at the top level
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Absent.class)
public record FederatedRoundEvent(long round, String strategy, int sampled, int stragglers, int dropped, int trained,
                                  int accepted, int rejected, double localLoss, long sampleEpochs, long bytesUp,
                                  long bytesDown, long bytesTotal, ClientTimes clientMs, double roundMs,
                                  Map<String, Double> phaseMs, @JsonIgnore Map<String, Object> strategyMetrics)
        implements RoundEvent {

    @JsonAnyGetter
    Map<String, Object> strategyFields() { return strategyMetrics; }

    @Override
    public boolean noteworthy() { return rejected > 0; }
}
