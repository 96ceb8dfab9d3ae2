package org.sparkharness.optimizers;

import java.util.Objects;
import org.sparkharness.optimizers.config.AdafactorConfig;
import org.sparkharness.optimizers.config.AdamAtan2Config;
import org.sparkharness.optimizers.config.AdamWConfig;
import org.sparkharness.optimizers.config.FirstOrderConfig;
import org.sparkharness.optimizers.config.LionConfig;
import org.sparkharness.optimizers.config.MesaConfig;
import org.sparkharness.optimizers.config.OptimizerConfig;
import org.sparkharness.optimizers.config.SafConfig;
import org.sparkharness.optimizers.config.SamConfig;
import org.sparkharness.optimizers.config.SgdConfig;
import org.sparkharness.optimizers.config.SvenConfig;

/** The factory for optimizers: the one place that maps a config record to its implementation. */
public final class Optimizers {
    private Optimizers() {
    }

    /** SGD (torch semantics). */
    public static Optimizer sgd(SgdConfig config) {
        return new Sgd(config);
    }

    /** AdamW (torch semantics). */
    public static Optimizer adamw(AdamWConfig config) {
        return new AdamW(config, AdamW.Semantics.TORCH);
    }

    /** AdamW with the given semantics; {@link AdamW.Semantics#DL4J} reproduces DL4J's Adam + WeightDecay. */
    public static Optimizer adamw(AdamWConfig config, AdamW.Semantics semantics) {
        return new AdamW(config, semantics);
    }

    /** Adafactor (HF transformers / fairseq / tensor2tensor semantics). */
    public static Optimizer adafactor(AdafactorConfig config) {
        return new Adafactor(config, Adafactor.Semantics.HF_FAIRSEQ_T2T);
    }

    /** Adafactor with the given semantics; {@link Adafactor.Semantics#TORCH_OPTIM} is torch.optim.Adafactor's rule. */
    public static Optimizer adafactor(AdafactorConfig config, Adafactor.Semantics semantics) {
        return new Adafactor(config, semantics);
    }

    /** Adam-atan2 (lucidrains semantics, constants a and b). */
    public static Optimizer adamAtan2(AdamAtan2Config config) {
        return new AdamAtan2(config, AdamAtan2.Semantics.LUCIDRAINS);
    }

    /** Adam-atan2 with the given semantics; {@link AdamAtan2.Semantics#IMONEOI} is the pip adam-atan2 rule. */
    public static Optimizer adamAtan2(AdamAtan2Config config, AdamAtan2.Semantics semantics) {
        return new AdamAtan2(config, semantics);
    }

    /** Lion. */
    public static Optimizer lion(LionConfig config) {
        return new Lion(config);
    }

    /** The optimizer a config describes. */
    public static ObjectiveOptimizer fromConfig(OptimizerConfig config) {
        return Objects.requireNonNull(config, "optimizer config").build();
    }

    /** The first-order optimizer a config describes. */
    public static Optimizer fromConfig(FirstOrderConfig config) {
        return Objects.requireNonNull(config, "optimizer config").build();
    }

    /** SAM, or ASAM when {@code config.adaptive()}, around the base optimizer (davda54 semantics). */
    public static Sam sam(SamConfig config) {
        return new Sam(config.base().build(), config.rho(), config.adaptive());
    }

    /** Sven (sambt/sven, torch SVD mode). */
    public static Sven sven(SvenConfig config) {
        return new Sven(config);
    }

    /** The base optimizer carrying SAF's trajectory-loss settings for the training loop. */
    public static Saf saf(SafConfig config) {
        return new Saf(config);
    }

    /** The base optimizer plus MESA's EMA teacher. */
    public static Mesa mesa(MesaConfig config) {
        return new Mesa(config.base().build(), config.decay());
    }
}
