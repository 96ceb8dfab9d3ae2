package org.sparkharness.driver.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * The federated algorithm. Config: {@code strategy: {type: fedavg | fedprox | fedcac | fedpara | pfedpara, ...}}
 * (docs/algorithms/federated.md §2–§5). Every strategy trains with the run's {@code optimizer} on the clients.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = StrategyConfig.FedAvg.class, name = "fedavg"),
    @JsonSubTypes.Type(value = StrategyConfig.FedProx.class, name = "fedprox"),
    @JsonSubTypes.Type(value = StrategyConfig.FedCac.class, name = "fedcac"),
    @JsonSubTypes.Type(value = StrategyConfig.FedPara.class, name = "fedpara"),
    @JsonSubTypes.Type(value = StrategyConfig.PFedPara.class, name = "pfedpara"),
})
public sealed interface StrategyConfig extends Serializable {
    List<String> WEIGHTINGS = List.of("samples", "uniform");
    List<String> INITS = List.of("variance-matched", "fan-out", "fan-in");

    /** {@code samples}: weight client k by n_k (FedProx's code, TFF NUM_EXAMPLES); {@code uniform}: equal weights. */
    String weighting();

    /**
     * FedAvg (McMahan et al., arXiv 1602.05629): average of the returned clients' models; stragglers are dropped.
     */
    record FedAvg(String weighting) implements StrategyConfig {
        public FedAvg {
            weighting = checkWeighting(weighting);
        }
    }

    /**
     * FedProx (Li et al., arXiv 1812.06127): local objective F_k(w) + μ/2‖w − w_t‖²; stragglers run a random
     * number of epochs in {1, …, E−1} and are aggregated. Default μ = 1 (the paper's best on synthetic data).
     */
    record FedProx(Double mu, String weighting) implements StrategyConfig {
        public FedProx {
            mu = Check.nonNegative("mu", Check.finite("mu", mu == null ? 1.0 : mu));
            weighting = checkWeighting(weighting);
        }
    }

    /**
     * FedCAC (Wu et al., ICCV 2023, arXiv 2309.11103), Fling semantics: critical-parameter masks with ratio τ,
     * collaborators by mask overlap with a threshold that reaches its maximum at round β − 1. Defaults τ = 0.5,
     * β = 100 (Fling's CIFAR-10 config; set β to about a third of the rounds for short runs).
     */
    record FedCac(Double tau, Integer beta) implements StrategyConfig {
        public FedCac {
            tau = Check.inClosed("tau", tau == null ? 0.5 : tau, 0, 1);
            beta = Check.positiveInt("beta", beta == null ? 100 : beta);
        }

        @Override
        public String weighting() {
            return "samples";
        }
    }

    /**
     * FedPara (Hyeon-Woo et al., ICLR 2022, arXiv 2108.06098): dense and convolution weights as
     * (X1·Y1ᵀ) ⊙ (X2·Y2ᵀ) with rank from γ (interpolation rule, §5.2); only factors travel; FedAvg over factors.
     */
    record FedPara(Double gamma, String init, String weighting) implements StrategyConfig {
        public FedPara {
            gamma = Check.inClosed("gamma", gamma == null ? 0.3 : gamma, 0, 1);
            init = checkInit(init);
            weighting = checkWeighting(weighting);
        }
    }

    /** pFedPara: W = W1 ⊙ (W2 + 1), W1's factors global and averaged, W2's factors kept on the client. */
    record PFedPara(Double gamma, String init, String weighting) implements StrategyConfig {
        public PFedPara {
            gamma = Check.inClosed("gamma", gamma == null ? 0.5 : gamma, 0, 1);
            init = checkInit(init);
            weighting = checkWeighting(weighting);
        }
    }

    private static String checkWeighting(String w) {
        String v = w == null ? "samples" : w.toLowerCase(Locale.ROOT);
        if (!WEIGHTINGS.contains(v)) throw new ConfigException("weighting", w, "must be one of " + WEIGHTINGS);
        return v;
    }

    private static String checkInit(String i) {
        String v = i == null ? "variance-matched" : i.toLowerCase(Locale.ROOT);
        if (!INITS.contains(v)) throw new ConfigException("init", i, "must be one of " + INITS);
        return v;
    }
}
