package org.sparkharness.driver.federated;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sparkharness.executors.client.ClientStore;
import org.sparkharness.executors.client.ClientTask;
import org.sparkharness.executors.client.ClientUpdate;
import org.sparkharness.executors.client.PersonalModel;
import org.sparkharness.executors.client.fedcac.CriticalMask;
import org.sparkharness.executors.client.fedcac.FedCac;
import org.sparkharness.optimizers.ParamTable;

/**
 * FedCAC (Wu et al., ICCV 2023, arXiv 2309.11103) with Fling's semantics (docs/algorithms/federated.md §4.1): each
 * client starts from its own model, trains, and returns its model and its critical-parameter mask (computed on the
 * client from the sensitivity |Δθ ⊙ θ|); the server averages everything into θ_G, picks each client's collaborators by
 * mask overlap against a threshold that rises until round β − 1, and writes each client's next model
 * (critical part from its collaborators, the rest from θ_G) to the client store. With partial participation
 * (K < C) overlaps and collaborators are computed over the sampled clients only (PFLlib's semantics, an extension
 * the paper does not cover).
 */
public final class FedCacStrategy implements Strategy {
    private final double tau;
    private final int beta;
    private final ClientStore store;

    public FedCacStrategy(double tau, int beta, ClientStore store) {
        this.tau = tau;
        this.beta = beta;
        this.store = store;
    }

    @Override
    public String name() {
        return "fedcac";
    }

    @Override
    public Optional<ClientTask> configure(long round, int client, boolean straggler, int localEpochs, long seed) {
        return straggler ? Optional.empty() : Optional.of(new ClientTask(client, localEpochs, 0, false, true));
    }

    @Override
    public Aggregate aggregate(long round, ParamTable global, List<ClientUpdate> accepted) {
        if (accepted.isEmpty()) return new Aggregate(global, Map.of("kept_previous_model", true));
        List<ParamTable> trained = accepted.stream().map(ClientUpdate::params).toList();
        List<CriticalMask> masks = accepted.stream().map(ClientUpdate::mask).toList();
        double[] samples = accepted.stream().mapToDouble(ClientUpdate::trainSize).toArray();
        FedCac.Result r = FedCac.aggregate((int) round, beta, trained, samples, masks);
        for (int i = 0; i < accepted.size(); i++) store.write(accepted.get(i).client(), round + 1, r.personal().get(i));
        long critical = masks.stream().mapToLong(CriticalMask::criticalCount).sum();
        long total = masks.stream().mapToLong(CriticalMask::totalCount).sum();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fedcac_threshold", finiteOrNull(r.threshold()));
        m.put("fedcac_mean_overlap", finiteOrNull(r.meanOverlap()));
        m.put("fedcac_mean_collaborators", java.util.Arrays.stream(r.collaboratorCounts()).average().orElse(0));
        m.put("fedcac_critical_fraction", total == 0 ? 0.0 : (double) critical / total);
        m.values().removeIf(v -> v == null);
        return new Aggregate(r.global(), m);
    }

    @Override
    public PersonalModel personalModel() {
        return PersonalModel.STORED;
    }

    @Override
    public Double criticalRatio() {
        return tau;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
