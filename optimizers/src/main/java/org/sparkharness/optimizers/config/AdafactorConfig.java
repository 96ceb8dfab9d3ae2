package org.sparkharness.optimizers.config;

import org.sparkharness.optimizers.Optimizer;
import org.sparkharness.optimizers.Optimizers;

/**
 * Hyperparameters of {@link org.sparkharness.optimizers.Adafactor}, with the defaults of the Hugging Face
 * {@code transformers.optimization.Adafactor} class (docs/algorithms/optimizers.md §5.1). Components are boxed so that
 * a missing value differs from 0; after construction only {@code lr} (when the step size is relative) and {@code beta1}
 * (no first moment) may be null.
 *
 * <p>With the defaults the step size is relative, min(1e-2, 1/√t), times the parameter's RMS: the paper's setting.
 * For a fixed learning rate set {@code relativeStep: false} and {@code lr}. (fairseq's command line defaults
 * {@code relativeStep} to false; its class, like HF's, to true.)
 *
 * @param lr             external learning rate; required when {@code relativeStep} is false and forbidden when it is
 *                       true; {@code > 0}. With {@code Adafactor.Semantics.TORCH_OPTIM} it caps the relative step
 *                       (torch.optim's {@code lr}, default 1e-2 there)
 * @param eps1           regulariser of the squared gradient; default 1e-30, {@code > 0}. HF adds it to g²;
 *                       torch.optim clamps with it, and defaults it to the dtype's machine epsilon
 *                       (1.1920929e-7 for float32), which must then be given explicitly
 * @param eps2           floor of the parameter scale, max(eps2, RMS(p)); default 1e-3, {@code >= 0}
 * @param clipThreshold  update clipping threshold d: U ← U / max(1, RMS(U)/d); default 1, {@code > 0}
 * @param decayRate      second-moment decay schedule β2_t = 1 − t^decayRate; default −0.8, {@code <= 0}
 * @param beta1          first-moment (momentum) decay; default null = no first moment (the factored state then
 *                       is all there is); in [0, 1) when set
 * @param weightDecay    weight decay coupled to the step size, p ← p − wd·lr_t·p; default 0, {@code >= 0}
 * @param scaleParameter multiply the step size by max(eps2, RMS(p)); default true
 * @param relativeStep   step size min(1e-2, 1/√t) instead of {@code lr}; default true
 * @param warmupInit     relative step min(1e-6·t, 1/√t) instead; default false; requires {@code relativeStep}
 */
public record AdafactorConfig(Double lr, Double eps1, Double eps2, Double clipThreshold, Double decayRate, Double beta1,
                              Double weightDecay, Boolean scaleParameter, Boolean relativeStep, Boolean warmupInit)
        implements FirstOrderConfig {

    /** Applies the defaults and validates; throws {@link ConfigException} with the field's name as path. */
    public AdafactorConfig {
        scaleParameter = scaleParameter == null || scaleParameter;
        relativeStep = relativeStep == null || relativeStep;
        warmupInit = warmupInit != null && warmupInit;
        if (relativeStep && lr != null) {
            throw new ConfigException("lr", lr, "must not be set when relativeStep is true (the step size is then "
                    + "min(1e-2, 1/sqrt(t))); set relativeStep: false to use a fixed learning rate");
        }
        if (!relativeStep) {
            lr = Check.positive("lr", Check.required("lr", lr));
        }
        if (warmupInit && !relativeStep) {
            throw new ConfigException("warmupInit", true, "requires relativeStep: true");
        }
        eps1 = Check.positive("eps1", eps1 == null ? 1e-30 : eps1);
        eps2 = Check.nonNegative("eps2", eps2 == null ? 1e-3 : eps2);
        clipThreshold = Check.positive("clipThreshold", clipThreshold == null ? 1.0 : clipThreshold);
        decayRate = Check.finite("decayRate", decayRate == null ? -0.8 : decayRate);
        if (decayRate > 0) {
            throw new ConfigException("decayRate", decayRate, "must be <= 0 (beta2_t = 1 - t^decayRate)");
        }
        if (beta1 != null) {
            Check.inHalfOpen("beta1", beta1, 0, 1);
        }
        weightDecay = Check.nonNegative("weightDecay", weightDecay == null ? 0.0 : weightDecay);
    }

    /** Every field at its default (HF's): relative step, parameter scaling, no momentum, no weight decay. */
    public static AdafactorConfig defaults() {
        return new AdafactorConfig(null, null, null, null, null, null, null, null, null, null);
    }

    /** A fixed learning rate {@code lr} without parameter scaling, every other field at its default. */
    public static AdafactorConfig fixedLr(double lr) {
        return new AdafactorConfig(lr, null, null, null, null, null, null, false, false, null);
    }

    @Override
    public Optimizer build() {
        return Optimizers.adafactor(this);
    }

    @Override
    public double learningRate() {
        return lr == null ? Double.NaN : lr;
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    // relativeStep has none: start from defaults() (relative step) or fixedLr(lr).
    public AdafactorConfig withLr(double lr) {
        return new AdafactorConfig(lr, eps1, eps2, clipThreshold, decayRate, beta1, weightDecay, scaleParameter,
                relativeStep, warmupInit);
    }

    public AdafactorConfig withEps1(double eps1) {
        return new AdafactorConfig(lr, eps1, eps2, clipThreshold, decayRate, beta1, weightDecay, scaleParameter,
                relativeStep, warmupInit);
    }

    public AdafactorConfig withEps2(double eps2) {
        return new AdafactorConfig(lr, eps1, eps2, clipThreshold, decayRate, beta1, weightDecay, scaleParameter,
                relativeStep, warmupInit);
    }

    public AdafactorConfig withClipThreshold(double clipThreshold) {
        return new AdafactorConfig(lr, eps1, eps2, clipThreshold, decayRate, beta1, weightDecay, scaleParameter,
                relativeStep, warmupInit);
    }

    public AdafactorConfig withDecayRate(double decayRate) {
        return new AdafactorConfig(lr, eps1, eps2, clipThreshold, decayRate, beta1, weightDecay, scaleParameter,
                relativeStep, warmupInit);
    }

    public AdafactorConfig withBeta1(Double beta1) {
        return new AdafactorConfig(lr, eps1, eps2, clipThreshold, decayRate, beta1, weightDecay, scaleParameter,
                relativeStep, warmupInit);
    }

    public AdafactorConfig withWeightDecay(double weightDecay) {
        return new AdafactorConfig(lr, eps1, eps2, clipThreshold, decayRate, beta1, weightDecay, scaleParameter,
                relativeStep, warmupInit);
    }

    public AdafactorConfig withScaleParameter(boolean scaleParameter) {
        return new AdafactorConfig(lr, eps1, eps2, clipThreshold, decayRate, beta1, weightDecay, scaleParameter,
                relativeStep, warmupInit);
    }

    public AdafactorConfig withWarmupInit(boolean warmupInit) {
        return new AdafactorConfig(lr, eps1, eps2, clipThreshold, decayRate, beta1, weightDecay, scaleParameter,
                relativeStep, warmupInit);
    }
}
