package org.sparkharness.optimizers.config;

import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.Optimizers;

/**
 * Hyperparameters of {@link org.sparkharness.optimizers.Mesa}: the trajectory loss against the EMA teacher's
 * logits, its window, the EMA decay and the base optimizer. Components are boxed so that a missing value differs
 * from 0; after construction none is null.
 *
 * @param base       the first-order optimizer; required
 * @param tau        temperature τ; default 5, {@code > 0}
 * @param lambda     weight λ of the trajectory loss; default 0.8, the SAF README value for MESA (the argparse
 *                   default of {@code MESA_train.py} is 0.3), {@code >= 0}
 * @param decay      EMA decay d (timm {@code --model-ema-decay}); default 0.9998, in (0, 1)
 * @param startEpoch the loss is on for epochs strictly after this; default 5, {@code >= 0}
 * @param endEpoch   the loss is on for epochs strictly before this; default 300, {@code > startEpoch}
 */
public record MesaConfig(FirstOrderConfig base, Double tau, Double lambda, Double decay, Integer startEpoch,
                         Integer endEpoch) implements OptimizerConfig {

    /** Applies the defaults and validates; throws {@link ConfigException} with the field's name as path. */
    public MesaConfig {
        base = WrapperCheck.base(base);
        tau = Check.positive("tau", tau == null ? 5.0 : tau);
        lambda = Check.nonNegative("lambda", lambda == null ? 0.8 : lambda);
        decay = WrapperCheck.inOpen("decay", decay == null ? 0.9998 : decay, 0, 1);
        startEpoch = WrapperCheck.atLeast("startEpoch", startEpoch == null ? 5 : startEpoch, 0);
        endEpoch = endEpoch == null ? 300 : endEpoch;
        if (endEpoch <= startEpoch) {
            throw new ConfigException("endEpoch", endEpoch, "must be > startEpoch (" + startEpoch + ")");
        }
    }

    /** Every field but the base at its default. */
    public static MesaConfig of(FirstOrderConfig base) {
        return new MesaConfig(base, null, null, null, null, null);
    }

    /** Whether the trajectory loss is on at {@code epoch}: startEpoch &lt; epoch &lt; endEpoch. */
    public boolean active(long epoch) {
        return startEpoch < epoch && epoch < endEpoch;
    }

    @Override
    public Optimizer build() {
        return Optimizers.mesa(this);
    }

    @Override
    public double learningRate() {
        return base.learningRate();
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public MesaConfig withBase(FirstOrderConfig base) {
        return new MesaConfig(base, tau, lambda, decay, startEpoch, endEpoch);
    }

    public MesaConfig withTau(double tau) {
        return new MesaConfig(base, tau, lambda, decay, startEpoch, endEpoch);
    }

    public MesaConfig withLambda(double lambda) {
        return new MesaConfig(base, tau, lambda, decay, startEpoch, endEpoch);
    }

    public MesaConfig withDecay(double decay) {
        return new MesaConfig(base, tau, lambda, decay, startEpoch, endEpoch);
    }

    public MesaConfig withStartEpoch(int startEpoch) {
        return new MesaConfig(base, tau, lambda, decay, startEpoch, endEpoch);
    }

    public MesaConfig withEndEpoch(int endEpoch) {
        return new MesaConfig(base, tau, lambda, decay, startEpoch, endEpoch);
    }

    @Override
    public boolean tracksExamplesAcrossEpochs() {
        return true;
    }
}
