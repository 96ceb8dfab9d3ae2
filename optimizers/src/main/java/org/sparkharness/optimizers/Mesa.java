package org.sparkharness.optimizers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * MESA (Memory-Efficient Sharpness-Aware training): a base optimizer plus an exponential moving average of the
 * parameters, the teacher whose logits replace SAF's recorded ones in the {@link TrajectoryLoss}. As timm's
 * {@code ModelEmaV2} in AngusDujw/SAF {@code MESA_train.py}, the EMA starts as a copy of the parameters and is
 * updated after every optimizer step:
 * <pre>
 * (θ, state) ← base.update(θ, g, state)
 * teacher    ← d·teacher + (1 − d)·θ          d = decay (reference default 0.9998)
 * </pre>
 * The teacher is the state slot {@value #TEACHER} (1×P, beside the base optimizer's slots); the training loop runs
 * an extra no-grad forward pass with it (eval mode) to get the target logits. Only trainable parameters are
 * averaged here; the reference also averages buffers (BatchNorm statistics), which belong to the model adapter.
 *
 * <p>Reference: J. Du, D. Zhou, J. Feng, V. Tan &amp; J. T. Zhou, "Sharpness-Aware Training for Free", NeurIPS 2022,
 * arXiv:2205.14083. Pure: does not mutate its arguments.
 */
public final class Mesa implements Optimizer {
    private static final long serialVersionUID = 1L;

    /** Name of the EMA-teacher slot. */
    public static final String TEACHER = "teacher";

    private final Optimizer base;
    private final double decay;

    /**
     * MESA around {@code base}. Prefer {@link Optimizers#mesa}.
     *
     * @param decay EMA decay d in (0, 1)
     */
    public Mesa(Optimizer base, double decay) {
        this.base = Objects.requireNonNull(base, "base");
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("MESA decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
    }

    /** The optimizer that updates the parameters. */
    public Optimizer base() {
        return base;
    }

    /** EMA decay d. */
    public double decay() {
        return decay;
    }

    @Override
    public String name() {
        return "mesa";
    }

    /** The base optimizer's state plus the teacher, a copy of {@code params}. */
    @Override
    public OptimizerState init(ParamTable params) {
        OptimizerState b = base.init(params);
        return new OptimizerState(b.step(), withTeacher(b.slots(), params.dup()), b.scalars());
    }

    @Override
    public Step update(ParamTable params, ParamTable grads, OptimizerState state) {
        ParamTable teacher = UpdateChecks.slot("MESA", state, TEACHER, params);
        Map<String, ParamTable> baseSlots = new LinkedHashMap<>(state.slots());
        baseSlots.remove(TEACHER);
        Step b = base.update(params, grads, new OptimizerState(state.step(), baseSlots, state.scalars()));
        ParamTable next = ema(teacher, b.params(), decay);
        return new Step(b.params(),
                new OptimizerState(b.state().step(), withTeacher(b.state().slots(), next), b.state().scalars()));
    }

    /**
     * {@code d·ema + (1 − d)·params}, per parameter, in {@code ema}'s order; fresh arrays, written in one pass each
     * (as ND4J operations it allocated a temporary per tensor besides the result, every round).
     */
    public static ParamTable ema(ParamTable ema, ParamTable params, double decay) {
        ema.requireSameLayout(params, "MESA teacher");
        double rest = 1 - decay;
        float decayF = (float) decay;
        float restF = (float) rest;
        Elementwise.PairKernel kernel = (e, p, len) -> {
            for (int i = 0; i < len; i++) e[i] = e[i] * decay + p[i] * rest;
        };
        Elementwise.FloatPairKernel floatKernel = (e, p, len) -> {
            for (int i = 0; i < len; i++) e[i] = e[i] * decayF + p[i] * restF;
        };
        ParamTable.Builder out = ParamTable.builder();
        for (String n : ema.names()) out.put(n, Elementwise.map(ema.get(n), params.get(n), kernel, floatKernel));
        return out.build();
    }

    /** The EMA teacher held in a MESA state. */
    public static ParamTable teacher(OptimizerState state) {
        return state.slot(TEACHER);
    }

    private static Map<String, ParamTable> withTeacher(Map<String, ParamTable> slots, ParamTable teacher) {
        if (slots.containsKey(TEACHER)) {
            throw new IllegalStateException("the base optimizer already has a state slot '" + TEACHER + "'");
        }
        Map<String, ParamTable> out = new LinkedHashMap<>(slots);
        out.put(TEACHER, teacher);
        return out;
    }

    @Override
    public String toString() {
        return "Mesa[decay=" + decay + ", base=" + base + "]";
    }
}
