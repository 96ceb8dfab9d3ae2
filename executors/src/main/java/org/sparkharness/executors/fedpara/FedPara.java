package org.sparkharness.executors.fedpara;

import java.io.Serial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.optimizers.ParamTable;
import org.sparkharness.optimizers.ShapeMismatchException;

/**
 * FedPara and pFedPara (Hyeon-Woo, Ye-Bin, Oh, "FedPara: Low-Rank Hadamard Product for Communication-Efficient
 * Federated Learning", ICLR 2022, arXiv 2108.06098), docs/algorithms/federated.md §5, as a reparameterisation of a DL4J
 * network's parameter table.
 *
 * <p>Every factorisable weight W is replaced by two low-rank terms: {@code W = W1 ⊙ W2} (FedPara), or
 * {@code W = W1 ⊙ (W2 + 1)} with W2 kept on the client (pFedPara). The Hadamard product of two rank-r terms can
 * reach rank r² with the parameters that a plain low-rank product spends on rank 2r. FC: {@code W_i = X_i·Y_iᵀ};
 * conv (tensor form): {@code W_i[o,c,z,w] = Σ T_i[x,y,z,w]·X_i[x,o]·Y_i[y,c]}; see {@link LowRankTerm}.
 *
 * <p><b>What is factorised.</b> Entries named {@code *_W} of shape [nIn, nOut] (DL4J dense and output layers;
 * m = nIn, n = nOut) and [O, I, K, K] (DL4J convolutions, square kernels only) whose rank rule gives
 * {@code r_min ≤ r_max}; the others of those are {@linkplain #keptDense() kept dense}, as are any the caller names
 * in {@code leaveDense}. Biases and every other entry pass through unchanged. In the trainable table {@code 0_W} is replaced, in place, by {@code 0_W.x1, 0_W.y1,
 * 0_W.x2, 0_W.y2} (+ {@code 0_W.t1, 0_W.t2} for conv).
 *
 * <p><b>Why not SameDiff layers</b> (§5.6): composing the dense weights and pulling the dense
 * gradient back keeps DL4J's tested layers and back-propagation, and every model spec, unchanged; the cost is one
 * compose and one pull-back per step, small next to a forward/backward pass (see the tests' timing note).
 *
 * <p><b>Counting.</b> {@link #denseParams()} and {@link #trainableParams()} include every entry (biases too);
 * {@link #transmittedParams()} is trainable minus {@link #localNames()}: biases and kept-dense weights count as
 * global. The paper's and §5.2's percentages are over factorised weights only (biases excluded); {@link #report()}
 * gives both.
 *
 * <p>Immutable and serialisable: plan once on the driver, ship to executors.
 */
public final class FedPara implements Parameterisation {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * How factors are drawn (§5.3). "Fan" below follows torch's convention for a factor stored as shape
     * {@code [a, b, rest...]}: fan_in = b·Π rest, fan_out = a·Π rest. With this project's factor shapes that is, for
     * FC X ∈ [m, r]: fan_in = r, fan_out = m; conv X ∈ [r, O]: fan_in = O, fan_out = r; conv T ∈ [r, r, K, K]:
     * both r·K² — the same fans as the official notebook and the Flower baseline compute for their factors.
     */
    public enum Init {
        /**
         * Project default. FedPara: {@code Var(W1) = Var(W2) = √(2/fan_in(W))}, so {@code Var(W) = 2/fan_in(W)}
         * (He) for the composed weight, fan_in(W) = nIn (FC) or I·K² (conv); every factor of a term gets the same
         * variance σ² with {@code r·σ⁴} (FC) or {@code r²·σ⁶} (conv) equal to the term's variance.
         * pFedPara: W1 alone is matched to He ({@code Var(W1) = 2/fan_in(W)}) and W2 starts at exactly zero
         * ({@code Y2 = 0}; X2 and T2 drawn at FedPara's scale), so {@code W = W1 ⊙ (W2 + 1) = W1} at the start
         * and each client's local term grows from nothing, like a LoRA adapter's zero factor.
         */
        VARIANCE_MATCHED("variance-matched"),
        /** He-normal on each factor with its own fan_out: N(0, 2/fan_out(factor)) (the Flower baseline's choice). */
        FAN_OUT("fan-out"),
        /**
         * He-normal on each factor with its own fan_in: N(0, 2/fan_in(factor)) (the official notebook). Beware:
         * the composed weight's variance is orders of magnitude below He's (§5.3), e.g. conv
         * {@code Var(W_i) = 8r/(K²·O·I)}, {@code Var(W) = Var(W_i)²}.
         */
        FAN_IN("fan-in");

        private final String configName;

        Init(String configName) {
            this.configName = configName;
        }

        /** The name used in config files. */
        public String configName() {
            return configName;
        }

        /** Parses a config name ({@code variance-matched}, {@code fan-out}, {@code fan-in}). */
        public static Init fromConfig(String name) {
            for (Init i : values()) {
                if (i.configName.equals(name)) {
                    return i;
                }
            }
            throw new IllegalArgumentException("fedpara init must be one of variance-matched, fan-out, fan-in; got '"
                    + name + "'");
        }
    }

    /** One entry of the dense table: factorised ({@code weight != null}) or passed through. */
    private record Slot(String name, long[] shape, FactorisedWeight weight) implements java.io.Serializable {
        long size() {
            return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        }
    }

    private final List<Slot> slots;
    private final List<String> keptDense;
    private final double gamma;
    private final Init init;
    private final boolean personalised;
    private final Set<String> localNames;

    private FedPara(List<Slot> slots, List<String> keptDense, double gamma, Init init, boolean personalised) {
        this.slots = List.copyOf(slots);
        this.keptDense = List.copyOf(keptDense);
        this.gamma = gamma;
        this.init = init;
        this.personalised = personalised;
        Set<String> local = new LinkedHashSet<>();
        if (personalised) {
            for (Slot s : this.slots) {
                if (s.weight() != null) {
                    local.addAll(s.weight().secondTermNames());
                }
            }
        }
        this.localNames = Collections.unmodifiableSet(local);
    }

    /**
     * Plans ranks for every factorisable weight of {@code denseShapes} with the γ interpolation rule (§5.2);
     * {@code personalised = true} gives pFedPara {@code W1 ⊙ (W2 + 1)}.
     *
     * @param denseShapes the network's parameter names and shapes in DL4J order (e.g. {@link ParamTable#shapes()});
     *                    the map's iteration order becomes the table order
     * @param gamma       in [0, 1]: 0 gives each layer r_min, 1 gives r_max
     * @throws IllegalArgumentException for γ outside [0, 1] or a convolution with a non-square kernel
     */
    public static FedPara plan(Map<String, long[]> denseShapes, double gamma, Init init, boolean personalised) {
        return plan(denseShapes, gamma, init, personalised, Set.of());
    }

    /**
     * As {@link #plan(Map, double, Init, boolean)}, leaving the weights named in {@code leaveDense} dense whatever
     * their rank rule says: the Flower baseline's VGG16-GN factorises only its convolutions and keeps the
     * classifier's {@code nn.Linear} layers dense, which is how its 1.55 M / 4.53 M totals (§5.2, G0.5) arise.
     * These are not listed in {@link #keptDense()}, which names only the weights the rank rule could not factorise.
     *
     * @throws IllegalArgumentException also if {@code leaveDense} names an entry that {@code denseShapes} lacks
     */
    public static FedPara plan(Map<String, long[]> denseShapes, double gamma, Init init, boolean personalised,
            Set<String> leaveDense) {
        Objects.requireNonNull(denseShapes, "denseShapes");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(leaveDense, "leaveDense");
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("fedpara gamma must be in [0, 1], got " + gamma);
        }
        for (String n : leaveDense) {
            if (!denseShapes.containsKey(n)) {
                throw new IllegalArgumentException("fedpara leaveDense names '" + n + "', which the network lacks; "
                        + "its parameters are " + denseShapes.keySet());
            }
        }
        List<Slot> slots = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, long[]> e : denseShapes.entrySet()) {
            String name = e.getKey();
            long[] s = e.getValue().clone();
            int r = isWeight(name, s) && !leaveDense.contains(name) ? rank(name, s, gamma) : -1;
            if (r == FedParaRanks.NOT_FACTORISABLE) {
                kept.add(name);
            }
            slots.add(new Slot(name, s, r > 0 ? new FactorisedWeight(name, s, r, personalised) : null));
        }
        return new FedPara(slots, kept, gamma, init, personalised);
    }

    private static boolean isWeight(String name, long[] shape) {
        return name.endsWith("_W") && (shape.length == 2 || shape.length == 4);
    }

    private static int rank(String name, long[] s, double gamma) {
        if (s.length == 2) {
            return FedParaRanks.fcRank(s[0], s[1], gamma);
        }
        if (s[2] != s[3]) {
            throw new IllegalArgumentException("FedPara's conv factorisation needs a square kernel; '" + name
                    + "' has shape " + Arrays.toString(s) + " ([O, I, kH, kW])");
        }
        return FedParaRanks.convRank(s[0], s[1], s[2], gamma);
    }

    public double gamma() {
        return gamma;
    }

    public Init init() {
        return init;
    }

    /** Whether this is pFedPara ({@code W1 ⊙ (W2 + 1)}, W2 local). */
    public boolean personalised() {
        return personalised;
    }

    /** Weight name to rank r, for the factorised weights only, in table order. */
    public Map<String, Integer> ranks() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Slot s : slots) {
            if (s.weight() != null) {
                out.put(s.name(), s.weight().rank());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Weights kept dense because their r_min exceeds r_max (factorising would enlarge them); worth a log line. */
    public List<String> keptDense() {
        return keptDense;
    }

    /** Size of the trainable table: factors plus every passed-through entry (biases, kept-dense weights). */
    public long trainableParams() {
        long n = 0;
        for (Slot s : slots) {
            n += s.weight() != null ? s.weight().factorParams() : s.size();
        }
        return n;
    }

    /** Size of the dense table, biases included. */
    public long denseParams() {
        return slots.stream().mapToLong(Slot::size).sum();
    }

    /** What a client uploads: {@link #trainableParams()} minus the {@link #localNames()} entries. */
    public long transmittedParams() {
        long local = 0;
        for (Slot s : slots) {
            if (s.weight() != null && personalised) {
                local += s.weight().factorParams() / 2;
            }
        }
        return trainableParams() - local;
    }

    /** Factor parameters over the factorised weights only (what §5.2's percentages count). */
    public long factorParams() {
        return slots.stream().filter(s -> s.weight() != null).mapToLong(s -> s.weight().factorParams()).sum();
    }

    /** Dense size of the weights that are factorised (the denominator of §5.2's percentages). */
    public long factorisedDenseParams() {
        return slots.stream().filter(s -> s.weight() != null).mapToLong(Slot::size).sum();
    }

    /** One line per weight (name, shape, r, params vs dense), then the totals. */
    public String report() {
        StringBuilder b = new StringBuilder();
        b.append(personalised ? "pFedPara" : "FedPara").append(String.format(Locale.ROOT, " gamma=%s init=%s%n",
                gamma, init.configName()));
        for (Slot s : slots) {
            if (s.weight() != null) {
                b.append("  ").append(s.weight().describe()).append('\n');
            } else if (keptDense.contains(s.name())) {
                b.append(String.format(Locale.ROOT, "  %s %s kept dense (r_min > r_max): %,d params%n",
                        s.name(), Arrays.toString(s.shape()), s.size()));
            } else if (isWeight(s.name(), s.shape())) {
                b.append(String.format(Locale.ROOT, "  %s %s left dense as requested: %,d params%n",
                        s.name(), Arrays.toString(s.shape()), s.size()));
            }
        }
        b.append(String.format(Locale.ROOT,
                "  factorised weights: %,d of %,d (%.1f %%); all entries: %,d trainable of %,d dense (%.1f %%), "
                        + "%,d transmitted", factorParams(), factorisedDenseParams(),
                100.0 * factorParams() / Math.max(1, factorisedDenseParams()), trainableParams(), denseParams(),
                100.0 * trainableParams() / Math.max(1, denseParams()), transmittedParams()));
        return b.toString();
    }

    /**
     * Draws the factors (see {@link Init}) in the dtype of each dense weight, and copies the passed-through entries.
     * Equal seeds give equal tables. {@code dense} must have the planned names and shapes.
     */
    @Override
    public ParamTable init(ParamTable dense, long seed) {
        requireDenseLayout(dense, "init");
        SplittableRandom rng = new SplittableRandom(seed);
        ParamTable.Builder out = ParamTable.builder();
        for (Slot s : slots) {
            INDArray a = dense.get(s.name());
            if (s.weight() != null) {
                s.weight().initialise(init, a.dataType(), rng, out);
            } else {
                out.put(s.name(), a.dup());
            }
        }
        return out.build();
    }

    @Override
    public ParamTable compose(ParamTable trainable) {
        requireTrainableSize(trainable, "compose");
        ParamTable.Builder out = ParamTable.builder();
        for (Slot s : slots) {
            out.put(s.name(), s.weight() != null ? s.weight().compose(trainable) : trainable.get(s.name()));
        }
        return out.build();
    }

    @Override
    public ParamTable pullBack(ParamTable trainable, ParamTable denseGradient) {
        requireTrainableSize(trainable, "pullBack");
        requireDenseLayout(denseGradient, "pullBack (dense gradient)");
        ParamTable.Builder out = ParamTable.builder();
        for (Slot s : slots) {
            INDArray g = denseGradient.get(s.name());
            if (s.weight() != null) {
                s.weight().pullBack(trainable, g, out);
            } else {
                out.put(s.name(), g);
            }
        }
        return out.build();
    }

    /** pFedPara: the {@code .x2 .y2 (.t2)} factors of every factorised weight, in table order; FedPara: empty. */
    @Override
    public Set<String> localNames() {
        return localNames;
    }

    private void requireDenseLayout(ParamTable dense, String context) {
        for (Slot s : slots) {
            long[] actual = dense.contains(s.name()) ? dense.get(s.name()).shape() : null;
            if (!Arrays.equals(actual, s.shape())) {
                throw new ShapeMismatchException(s.name(), s.shape(), actual, "FedPara " + context);
            }
        }
        if (dense.size() != slots.size()) {
            throw new IllegalArgumentException("FedPara " + context + ": expected the " + slots.size()
                    + " planned dense entries, got " + dense.size() + ": " + dense.names());
        }
    }

    /** Factor shapes are checked per weight; here only that nothing unplanned rides along unseen. */
    private void requireTrainableSize(ParamTable trainable, String context) {
        long expected = 0;
        for (Slot s : slots) {
            expected += s.weight() != null ? s.weight().factorShapes().size() : 1;
        }
        if (trainable.size() != expected) {
            throw new IllegalArgumentException("FedPara " + context + ": expected " + expected
                    + " trainable entries, got " + trainable.size() + ": " + trainable.names());
        }
    }

    /** A summary, e.g. {@code FedPara[gamma=0.3, init=variance-matched, ranks={...}]}. */
    @Override
    public String toString() {
        return (personalised ? "pFedPara" : "FedPara") + "[gamma=" + gamma + ", init=" + init.configName()
                + ", ranks=" + ranks() + ", keptDense=" + keptDense + "]";
    }
}
