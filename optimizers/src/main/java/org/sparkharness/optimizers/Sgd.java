package org.sparkharness.optimizers;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.optimizers.config.SgdConfig;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and coupled (L2) weight decay,
 * with exactly the semantics of {@code torch.optim.SGD}:
 * <pre>
 * g   ← g + wd·p                                    coupled weight decay
 * if μ ≠ 0:  buf ← g                                at the first step (t = 1)
 *            buf ← μ·buf + (1 − dampening)·g        afterwards
 *            g   ← g + μ·buf   if nesterov, else buf
 * p   ← p − lr·g
 * </pre>
 * Defaults and valid ranges are those of {@link SgdConfig}. State: one slot {@code momentum} (1×P) when μ ≠ 0,
 * none otherwise. Pure: does not mutate its arguments.
 *
 * <p>References: H. Robbins &amp; S. Monro, "A Stochastic Approximation Method", Ann. Math. Statist. 1951;
 * B. T. Polyak, "Some methods of speeding up the convergence of iteration methods", 1964 (momentum);
 * I. Sutskever, J. Martens, G. Dahl &amp; G. Hinton, "On the importance of initialization and momentum in deep
 * learning", ICML 2013 (the Nesterov form used here).
 */
public final class Sgd implements Optimizer {
    private static final long serialVersionUID = 1L;

    /** Name of the momentum-buffer slot. */
    public static final String MOMENTUM = "momentum";

    private final SgdConfig config;

    /** An optimizer with the given (already validated) hyperparameters. Prefer {@link Optimizers#sgd}. */
    public Sgd(SgdConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The hyperparameters. */
    public SgdConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public OptimizerState init(ParamTable params) {
        return OptimizerState.initial(config.momentum() == 0 ? Map.of() : Map.of(MOMENTUM, params.zerosLike()));
    }

    @Override
    public Step update(ParamTable params, ParamTable grads, OptimizerState state) {
        long t = UpdateChecks.begin("SGD", params, grads, state);
        double lr = config.lr();
        double mu = config.momentum();
        double wd = config.weightDecay();
        // in params order; without decay this only reorders references, it allocates nothing
        ParamTable g = params.zipWith(grads, (p, gi) -> wd == 0 ? gi : coupledDecay(gi, p, wd));
        if (mu == 0) {
            ParamTable next = params.zipWith(g, (p, d) -> descend(p, d, lr));
            return new Step(UpdateChecks.finish(next, t), state.next(Map.of()));
        }
        ParamTable buf = UpdateChecks.slot("SGD", state, MOMENTUM, params);
        double dampening = config.dampening();
        ParamTable newBuf = state.step() == 0
                ? g.map(INDArray::dup)
                : buf.zipWith(g, (b, gi) -> momentumBuffer(b, gi, mu, dampening));
        ParamTable direction = config.nesterov() ? g.zipWith(newBuf, (gi, b) -> nesterovDirection(gi, b, mu)) : newBuf;
        ParamTable next = params.zipWith(direction, (p, d) -> descend(p, d, lr));
        return new Step(UpdateChecks.finish(next, t), state.next(Map.of(MOMENTUM, newBuf)));
    }

    /** {@code g + wd·p}. */
    static INDArray coupledDecay(INDArray g, INDArray p, double wd) {
        return p.mul(wd).addi(g);
    }

    /** {@code μ·buf + (1 − dampening)·g}. */
    static INDArray momentumBuffer(INDArray buf, INDArray g, double mu, double dampening) {
        return buf.mul(mu).addi(g.mul(1 - dampening));
    }

    /** {@code g + μ·buf}. */
    static INDArray nesterovDirection(INDArray g, INDArray buf, double mu) {
        return buf.mul(mu).addi(g);
    }

    /** {@code p − lr·d}. */
    static INDArray descend(INDArray p, INDArray d, double lr) {
        return d.mul(-lr).addi(p);
    }

    @Override
    public String toString() {
        return "Sgd" + config;
    }
}
