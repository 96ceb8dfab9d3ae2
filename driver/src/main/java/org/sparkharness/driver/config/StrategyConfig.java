package org.sparkharness.driver.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import java.io.Serializable;
import org.sparkharness.driver.federated.FedAvgStrategy;
import org.sparkharness.driver.federated.FedCacStrategy;
import org.sparkharness.driver.federated.FedProxStrategy;
import org.sparkharness.driver.federated.Strategy;
import org.sparkharness.executors.client.ClientStore;
import org.sparkharness.executors.client.PersonalModel;
import org.sparkharness.executors.fedpara.Parameterisation;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.config.Check;

/**
 * The federated algorithm. Config: {@code strategy: {type: fedavg | fedprox | fedcac | fedpara | pfedpara, ...}}
 * (docs/algorithms/federated.md §2–§5). Every strategy trains with the run's {@code optimizer} on the clients. Each record
 * builds its server-side {@link Strategy}, so a new strategy is a record here, its {@code @JsonSubTypes} name and its
 * Strategy class.
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

    /** How client updates are weighted in the average; YAML names in lower case. */
    enum Weighting {
        /** Client k by n_k (FedProx's code, TFF NUM_EXAMPLES). */
        SAMPLES("samples"),
        /** Equal weights. */
        UNIFORM("uniform");

        private final String yaml;

        Weighting(String yaml) { this.yaml = yaml; }

        @JsonValue
        @Override public String toString() { return yaml; }
    }

    /**
     * How FedPara's factors are initialised ({@link org.sparkharness.executors.fedpara.FedPara.Init} says what each
     * does); YAML names in lower case.
     */
    enum Init {
        VARIANCE_MATCHED("variance-matched", org.sparkharness.executors.fedpara.FedPara.Init.VARIANCE_MATCHED),
        FAN_OUT("fan-out", org.sparkharness.executors.fedpara.FedPara.Init.FAN_OUT),
        FAN_IN("fan-in", org.sparkharness.executors.fedpara.FedPara.Init.FAN_IN);

        private final String yaml;
        private final org.sparkharness.executors.fedpara.FedPara.Init rule;

        Init(String yaml, org.sparkharness.executors.fedpara.FedPara.Init rule) {
            this.yaml = yaml;
            this.rule = rule;
        }

        /** The initialisation FedPara applies. */
        public org.sparkharness.executors.fedpara.FedPara.Init rule() { return rule; }

        @JsonValue
        @Override public String toString() { return yaml; }
    }

    /** Default {@code samples}. */
    Weighting weighting();

    /**
     * The server side of this strategy.
     *
     * @param store    per-client state on the cluster's file system (FedCAC's customised models)
     * @param personal which model a client counts as its own (GLOBAL_WITH_LOCAL when the parameterisation keeps
     *                 entries on the clients)
     */
    Strategy build(ClientStore store, PersonalModel personal);

    /** What the clients train: the dense weights, unless the strategy factorises them. */
    default Parameterisation parameterisation(ParamTable dense) {
        return Parameterisation.dense();
    }

    /**
     * FedAvg (McMahan et al., arXiv 1602.05629): average of the returned clients' models; stragglers are dropped.
     */
    record FedAvg(Weighting weighting) implements StrategyConfig {
        public FedAvg {
            weighting = weighting == null ? Weighting.SAMPLES : weighting;
        }

        @Override
        public Strategy build(ClientStore store, PersonalModel personal) {
            return new FedAvgStrategy("fedavg", weighting == Weighting.UNIFORM, personal);
        }
    }

    /**
     * FedProx (Li et al., arXiv 1812.06127): local objective F_k(w) + μ/2‖w − w_t‖²; stragglers run a random
     * number of epochs in {1, …, E−1} and are aggregated. Default μ = 1 (the paper's best on synthetic data).
     */
    record FedProx(Double mu, Weighting weighting) implements StrategyConfig {
        public FedProx {
            mu = Check.nonNegative("mu", Check.finite("mu", mu == null ? 1.0 : mu));
            weighting = weighting == null ? Weighting.SAMPLES : weighting;
        }

        @Override
        public Strategy build(ClientStore store, PersonalModel personal) {
            return new FedProxStrategy(mu, weighting == Weighting.UNIFORM, personal);
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
        public Weighting weighting() {
            return Weighting.SAMPLES;
        }

        @Override
        public Strategy build(ClientStore store, PersonalModel personal) {
            return new FedCacStrategy(tau, beta, store);
        }
    }

    /**
     * FedPara (Hyeon-Woo et al., ICLR 2022, arXiv 2108.06098): dense and convolution weights as
     * (X1·Y1ᵀ) ⊙ (X2·Y2ᵀ) with rank from γ (interpolation rule, §5.2); only factors travel; FedAvg over factors.
     */
    record FedPara(Double gamma, Init init, Weighting weighting) implements StrategyConfig {
        public FedPara {
            gamma = Check.inClosed("gamma", gamma == null ? 0.3 : gamma, 0, 1);
            init = init == null ? Init.VARIANCE_MATCHED : init;
            weighting = weighting == null ? Weighting.SAMPLES : weighting;
        }

        @Override
        public Parameterisation parameterisation(ParamTable dense) {
            return org.sparkharness.executors.fedpara.FedPara.plan(dense.shapes(), gamma, init.rule(), false);
        }

        @Override
        public Strategy build(ClientStore store, PersonalModel personal) {
            return new FedAvgStrategy("fedpara", weighting == Weighting.UNIFORM, personal);
        }
    }

    /** pFedPara: W = W1 ⊙ (W2 + 1), W1's factors global and averaged, W2's factors kept on the client. */
    record PFedPara(Double gamma, Init init, Weighting weighting) implements StrategyConfig {
        public PFedPara {
            gamma = Check.inClosed("gamma", gamma == null ? 0.5 : gamma, 0, 1);
            init = init == null ? Init.VARIANCE_MATCHED : init;
            weighting = weighting == null ? Weighting.SAMPLES : weighting;
        }

        @Override
        public Parameterisation parameterisation(ParamTable dense) {
            return org.sparkharness.executors.fedpara.FedPara.plan(dense.shapes(), gamma, init.rule(), true);
        }

        @Override
        public Strategy build(ClientStore store, PersonalModel personal) {
            return new FedAvgStrategy("pfedpara", weighting == Weighting.UNIFORM, personal);
        }
    }
}
