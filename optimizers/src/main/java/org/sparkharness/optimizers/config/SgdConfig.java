package org.sparkharness.optimizers.config;

import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.Optimizers;

/**
 * Hyperparameters of {@link org.sparkharness.optimizers.Sgd} (torch.optim.SGD semantics). Components are boxed so
 * that a missing value differs from 0; after construction none is null.
 *
 * @param lr          learning rate; required, {@code > 0}
 * @param momentum    momentum factor μ; default 0, in [0, 1)
 * @param dampening   dampening of the momentum buffer; default 0, in [0, 1]
 * @param weightDecay coupled L2 weight decay (added to the gradient); default 0, {@code >= 0}
 * @param nesterov    Nesterov momentum; default false; requires momentum {@code > 0} and dampening 0
 */
public record SgdConfig(Double lr, Double momentum, Double dampening, Double weightDecay, Boolean nesterov)
        implements FirstOrderConfig {

    /** Applies the defaults and validates; throws {@link ConfigException} with the field's name as path. */
    public SgdConfig {
        lr = Check.positive("lr", Check.required("lr", lr));
        momentum = Check.inHalfOpen("momentum", momentum == null ? 0.0 : momentum, 0, 1);
        dampening = Check.inClosed("dampening", dampening == null ? 0.0 : dampening, 0, 1);
        weightDecay = Check.nonNegative("weightDecay", weightDecay == null ? 0.0 : weightDecay);
        nesterov = nesterov != null && nesterov;
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new ConfigException("nesterov", true, "requires momentum > 0 and dampening = 0 (momentum = "
                    + momentum + ", dampening = " + dampening + ")");
        }
    }

    /** Plain SGD with learning rate {@code lr} and every other field at its default. */
    public static SgdConfig of(double lr) {
        return new SgdConfig(lr, null, null, null, null);
    }

    @Override
    public Optimizer build() {
        return Optimizers.sgd(this);
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public boolean plainSgd() {
        return momentum == 0 && weightDecay == 0;
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public SgdConfig withLr(double lr) {
        return new SgdConfig(lr, momentum, dampening, weightDecay, nesterov);
    }

    public SgdConfig withMomentum(double momentum) {
        return new SgdConfig(lr, momentum, dampening, weightDecay, nesterov);
    }

    public SgdConfig withDampening(double dampening) {
        return new SgdConfig(lr, momentum, dampening, weightDecay, nesterov);
    }

    public SgdConfig withWeightDecay(double weightDecay) {
        return new SgdConfig(lr, momentum, dampening, weightDecay, nesterov);
    }

    public SgdConfig withNesterov(boolean nesterov) {
        return new SgdConfig(lr, momentum, dampening, weightDecay, nesterov);
    }
}
