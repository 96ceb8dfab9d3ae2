package org.sparkharness.executors.client.fedcac;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.executors.client.Aggregation;
import org.sparkharness.executors.client.Flat;
import org.sparkharness.optimizers.ParamTable;

/**
 * FedCAC's server step as pure functions (Wu et al., ICCV 2023, arXiv 2309.11103), with the semantics of Fling's
 * {@code fedcac_client.py} and {@code fedcac_group.py} (docs/algorithms/federated.md §4.1, steps 2–8):
 *
 * <pre>
 *   c_i   = |(θ_i − θ_i^start) ⊙ θ_i|                         sensitivity, per tensor
 *   M_i   = c_i ≥ (nz-th largest c_i), nz = int(τ·n)            critical mask, per tensor
 *   θ_G   = Σ n_i θ_i / Σ n_i                                   FedAvg global
 *   O_ij  = 1 − Σ|M_i − M_j| / (2 Σ M_i)                        mask overlap (asymmetric)
 *   thr_t = avg + ((t+1)/β)(max − avg)                          over i ≠ j
 *   C_i   = {i} ∪ {j : O_ij ≥ thr_t};  U_i = mean_{j∈C_i} θ_j    unweighted
 *   θ_i  ← M_i ⊙ U_i + (1 − M_i) ⊙ θ_G
 * </pre>
 *
 * Early rounds collaborate boldly on critical parameters (thr near the mean overlap); from round β − 1 on only the
 * most similar clients (ties at the maximum) do, and afterwards critical parameters stay purely local. Everything is
 * float64 internally and in client order, so results are deterministic. Inputs are never mutated.
 */
public final class FedCac {
    /** Fling's "threshold is zero" cut: a top-k value at or below this is treated as no signal. */
    static final double ZERO_THRESHOLD = 1e-10;
    /** Fling's "non-zero" test for the fallback threshold. */
    static final double NONZERO = 1e-20;

    private FedCac() {
    }

    /**
     * All clients' models for the next round in one call (§4.1 steps 4–8), the form the strategy uses.
     *
     * @param threshold thr_t used this round ({@code +∞} when nobody can collaborate: a single client or all masks
     *     empty)
     * @param collaboratorCounts |C_i| per client, including the client itself
     * @param meanOverlap mean of O_ij over i ≠ j; NaN when undefined (fewer than two clients, or all masks empty)
     */
    public record Result(ParamTable global, List<ParamTable> personal, double threshold, int[] collaboratorCounts,
            double meanOverlap) {
        public Result {
            Objects.requireNonNull(global, "global");
            personal = List.copyOf(personal);
            collaboratorCounts = collaboratorCounts.clone();
        }

        @Override
        public int[] collaboratorCounts() {
            return collaboratorCounts.clone();
        }
    }

    /**
     * Step 2: sensitivity {@code c = |(trained − start) ⊙ trained|} per tensor, a first-order estimate of the loss
     * change if a parameter were removed with the round's accumulated update as the gradient proxy. Returned as
     * DOUBLE tensors (computed in float64) in {@code trained}'s name order, so the mask sees unrounded values.
     *
     * @throws IllegalArgumentException if the tables differ in names or shapes
     */
    public static ParamTable sensitivity(ParamTable start, ParamTable trained) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(trained, "trained");
        trained.requireSameLayout(start, "FedCac.sensitivity(start, trained)");
        return trained.mapNamed((name, t) -> {
            double[] v = Flat.values(t);
            double[] s = Flat.values(start.get(name));
            double[] c = new double[v.length];
            for (int k = 0; k < v.length; k++) {
                c[k] = Math.abs((v[k] - s[k]) * v[k]);
            }
            return Flat.create(c, t.shape(), DataType.DOUBLE);
        });
    }

    /**
     * Step 3 exactly, per tensor of n elements: {@code nz = (int)(τ·n)}; {@code thresh} = nz-th largest c (Fling's
     * {@code topk(...)[-1]}); if {@code thresh ≤ 1e-10} it is replaced by the smallest c above 1e-20; critical =
     * {@code c ≥ thresh}. Ties at the threshold make a mask larger than nz; the zero-threshold rule can make it
     * smaller, sending zero-sensitivity entries to the global part. {@code nz = 0} marks nothing critical.
     *
     * <p>Divergence from Fling: when {@code thresh ≤ 1e-10} and no c exceeds 1e-20, Fling prints "Abnormal" and keeps
     * the tiny threshold, which marks (near-)zero entries critical (all of them when c ≡ 0). Here nothing in that
     * tensor is critical, matching the PFLlib-derived ports that return +∞ and the intent "no signal → global".
     *
     * @throws IllegalArgumentException if τ is outside [0, 1] or a sensitivity is NaN
     */
    public static CriticalMask mask(ParamTable sensitivity, double tau) {
        Objects.requireNonNull(sensitivity, "sensitivity");
        if (!(tau >= 0 && tau <= 1)) {
            throw new IllegalArgumentException("tau = " + tau + " must be in [0, 1]");
        }
        LinkedHashMap<String, BitSet> bits = new LinkedHashMap<>();
        LinkedHashMap<String, Integer> sizes = new LinkedHashMap<>();
        for (String name : sensitivity.names()) {
            double[] c = Flat.values(sensitivity.get(name));
            bits.put(name, critical(name, c, tau));
            sizes.put(name, c.length);
        }
        return CriticalMask.of(bits, sizes);
    }

    private static BitSet critical(String name, double[] c, double tau) {
        int n = c.length;
        BitSet out = new BitSet(n);
        for (int k = 0; k < n; k++) {
            if (Double.isNaN(c[k])) {
                throw new IllegalArgumentException("sensitivity: tensor '" + name + "' has NaN at index " + k);
            }
        }
        int nz = (int) (tau * n);
        if (nz == 0) {
            return out;
        }
        double[] sorted = c.clone();
        Arrays.sort(sorted);
        double thresh = sorted[n - nz];
        if (thresh <= ZERO_THRESHOLD) {
            thresh = Double.POSITIVE_INFINITY;
            for (double v : sorted) {
                if (v > NONZERO) {
                    thresh = v;
                    break;
                }
            }
        }
        for (int k = 0; k < n; k++) {
            if (c[k] >= thresh) {
                out.set(k);
            }
        }
        return out;
    }

    /**
     * Step 5: {@code O_ij = 1 − Σ|M_i − M_j| / (2·ΣM_i)} for i ≠ j, diagonal 1. Equals |M_i ∩ M_j| / |M_i| when the
     * masks have equal size; asymmetric, and possibly negative, otherwise. A client with an empty mask (ΣM_i = 0,
     * where Fling divides by zero) gets 0 off the diagonal in its row, so the matrix is NaN-free; such a client's
     * model takes nothing from its customised model, so its row only feeds the threshold statistics.
     *
     * @throws IllegalArgumentException if the masks differ in tensor names or sizes, or the list is empty
     */
    public static double[][] overlap(List<CriticalMask> masks) {
        Objects.requireNonNull(masks, "masks");
        if (masks.isEmpty()) {
            throw new IllegalArgumentException("masks: empty list");
        }
        int k = masks.size();
        for (int i = 1; i < k; i++) {
            if (!masks.get(i).sameLayout(masks.get(0))) {
                throw new IllegalArgumentException("masks[" + i + "] covers other tensors or sizes than masks[0]: "
                        + masks.get(i) + " vs " + masks.get(0));
            }
        }
        long[] card = new long[k];
        for (int i = 0; i < k; i++) {
            card[i] = masks.get(i).criticalCount();
        }
        double[][] o = new double[k][k];
        for (int i = 0; i < k; i++) {
            o[i][i] = 1.0;
            for (int j = i + 1; j < k; j++) {
                long d = masks.get(i).differenceCount(masks.get(j));
                o[i][j] = card[i] == 0 ? 0.0 : 1.0 - d / (2.0 * card[i]);
                o[j][i] = card[j] == 0 ? 0.0 : 1.0 - d / (2.0 * card[j]);
            }
        }
        return o;
    }

    /**
     * Step 6: {@code thr_t = avg + ((t+1)/β)·(max − avg)} over the off-diagonal entries, t the 0-based round.
     * Floating-point care keeps the documented behaviour exact: avg is clamped to ≤ max, the value is clamped to
     * ≤ max before round β − 1, equals max exactly at t = β − 1 (so ties at max qualify), and is ≥ max after; hence
     * thr_t is non-decreasing in t. With a single client there is nobody to collaborate with: {@code +∞}.
     *
     * @throws IllegalArgumentException if round &lt; 0, β &lt; 1, the matrix is not square or holds NaN
     */
    public static double threshold(int round, int beta, double[][] overlap) {
        requireRoundAndBeta(round, beta);
        int k = requireSquare(overlap);
        if (k < 2) {
            return Double.POSITIVE_INFINITY;
        }
        double max = Double.NEGATIVE_INFINITY;
        double avg = offDiagonalMean(overlap);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (i != j) {
                    max = Math.max(max, overlap[i][j]);
                }
            }
        }
        avg = Math.min(avg, max);
        double f = (round + 1.0) / beta;
        double thr = avg + f * (max - avg);
        if (f < 1) {
            return Math.min(thr, max);
        }
        return f == 1 ? max : Math.max(thr, max);
    }

    /**
     * Step 6, second half: {@code C_i = {i} ∪ {j ≠ i : O_ij ≥ thr}}, ascending. A NaN or +∞ threshold leaves every
     * client alone.
     */
    public static int[][] collaborators(double[][] overlap, double threshold) {
        int k = requireSquare(overlap);
        int[][] c = new int[k][];
        for (int i = 0; i < k; i++) {
            int[] buf = new int[k];
            int m = 0;
            for (int j = 0; j < k; j++) {
                if (j == i || overlap[i][j] >= threshold) {
                    buf[m++] = j;
                }
            }
            c[i] = Arrays.copyOf(buf, m);
        }
        return c;
    }

    /**
     * Step 7: {@code U_i} = unweighted mean of {@code models[j]} for j in {@code collab}, in the given order
     * (Fling averages collaborators uniformly, not by sample count).
     *
     * @throws IllegalArgumentException if {@code collab} is empty, repeats an index or points outside the list
     */
    public static ParamTable customised(List<ParamTable> models, int[] collab) {
        Objects.requireNonNull(models, "models");
        requireCollab(collab, models.size());
        List<ParamTable> chosen = new ArrayList<>(collab.length);
        for (int j : collab) {
            chosen.add(models.get(j));
        }
        return Aggregation.mean(chosen);
    }

    /**
     * Step 8: {@code θ_i ← M_i ⊙ U_i + (1 − M_i) ⊙ θ_G} per tensor: critical entries from the customised model, the
     * rest from the global model. Result in {@code global}'s name order and dtype.
     *
     * @throws IllegalArgumentException if the tables or the mask differ in names, shapes, sizes or dtypes
     */
    public static ParamTable sync(CriticalMask mask, ParamTable customised, ParamTable global) {
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(customised, "customised");
        Objects.requireNonNull(global, "global");
        Aggregation.requireSameLayout(List.of(global, customised));
        requireMaskFits(mask, global, "mask");
        return global.mapNamed((name, g) -> {
            BitSet b = mask.require(name);
            if (b.isEmpty()) {
                return g;
            }
            double[] out = Flat.values(g);
            double[] u = Flat.values(customised.get(name));
            for (int k = b.nextSetBit(0); k >= 0; k = b.nextSetBit(k + 1)) {
                out[k] = u[k];
            }
            return Flat.create(out, g.shape(), g.dataType());
        });
    }

    /**
     * All clients' next models (steps 4–8): {@code global = weightedMean(trained, samples)}; if every mask is empty
     * (τ = 0) every client gets the global model and no overlap is computed (Fling would divide by zero), so
     * FedCAC(τ = 0) ≡ FedAvg. Otherwise the result is bit-identical to
     * {@code sync(masks[i], customised(trained, collaborators(...)[i]), global)} per client, computed tensor by
     * tensor and only at critical entries, reading each client's values once per tensor.
     *
     * @param round 0-based round t (Fling's sync counter)
     * @param beta β ≥ 1: rounds until the threshold reaches the maximum overlap
     * @param trained every client's model after local training, in client order (full participation, as Fling)
     * @param samples each client's number of train samples (FedAvg weights)
     * @param masks each client's critical mask computed from this round's training
     * @throws IllegalArgumentException on mismatched list lengths, layouts or invalid round, β or weights
     */
    public static Result aggregate(int round, int beta, List<ParamTable> trained, double[] samples,
            List<CriticalMask> masks) {
        requireRoundAndBeta(round, beta);
        Objects.requireNonNull(trained, "trained");
        Objects.requireNonNull(masks, "masks");
        if (masks.size() != trained.size()) {
            throw new IllegalArgumentException("masks: " + masks.size() + " masks for " + trained.size() + " clients");
        }
        ParamTable global = Aggregation.weightedMean(trained, samples);
        int k = trained.size();
        boolean anyCritical = false;
        for (int i = 0; i < k; i++) {
            requireMaskFits(masks.get(i), global, "masks[" + i + "]");
            anyCritical |= masks.get(i).criticalCount() > 0;
        }
        int[] ones = new int[k];
        Arrays.fill(ones, 1);
        if (!anyCritical) {
            return new Result(global, Collections.nCopies(k, global), Double.POSITIVE_INFINITY, ones, Double.NaN);
        }
        double[][] o = overlap(masks);
        double thr = threshold(round, beta, o);
        int[][] collab = collaborators(o, thr);
        int[] counts = new int[k];
        for (int i = 0; i < k; i++) {
            counts[i] = collab[i].length;
        }
        double meanOverlap = k < 2 ? Double.NaN : offDiagonalMean(o);
        return new Result(global, personalise(trained, masks, global, collab), thr, counts, meanOverlap);
    }

    /** Steps 7–8 for all clients, tensor by tensor, computing U_i only where M_i is set. */
    private static List<ParamTable> personalise(List<ParamTable> trained, List<CriticalMask> masks, ParamTable global,
            int[][] collab) {
        int k = trained.size();
        List<ParamTable.Builder> builders = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            builders.add(ParamTable.builder());
        }
        for (String name : global.names()) {
            INDArray g = global.get(name);
            double[][] values = new double[k][];
            double[] gv = null;
            for (int i = 0; i < k; i++) {
                BitSet b = masks.get(i).require(name);
                if (b.isEmpty()) {
                    builders.get(i).put(name, g);
                    continue;
                }
                if (gv == null) {
                    gv = Flat.values(g);
                }
                double[] out = gv.clone();
                int[] c = collab[i];
                for (int j : c) {
                    if (values[j] == null) {
                        values[j] = Flat.values(trained.get(j).get(name));
                    }
                }
                double count = c.length;
                for (int e = b.nextSetBit(0); e >= 0; e = b.nextSetBit(e + 1)) {
                    double s = 0;
                    for (int j : c) {
                        s += values[j][e];
                    }
                    out[e] = s / count;
                }
                builders.get(i).put(name, Flat.create(out, g.shape(), g.dataType()));
            }
        }
        List<ParamTable> out = new ArrayList<>(k);
        for (ParamTable.Builder b : builders) {
            out.add(b.build());
        }
        return out;
    }

    private static double offDiagonalMean(double[][] o) {
        int k = o.length;
        double sum = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (i != j) {
                    sum += o[i][j];
                }
            }
        }
        return sum / ((double) k * (k - 1));
    }

    private static void requireRoundAndBeta(int round, int beta) {
        if (round < 0) {
            throw new IllegalArgumentException("round = " + round + " must be >= 0 (0-based)");
        }
        if (beta < 1) {
            throw new IllegalArgumentException("beta = " + beta + " must be >= 1");
        }
    }

    private static int requireSquare(double[][] overlap) {
        Objects.requireNonNull(overlap, "overlap");
        int k = overlap.length;
        for (int i = 0; i < k; i++) {
            if (overlap[i] == null || overlap[i].length != k) {
                throw new IllegalArgumentException("overlap: row " + i + " is not of length " + k);
            }
            for (int j = 0; j < k; j++) {
                if (Double.isNaN(overlap[i][j])) {
                    throw new IllegalArgumentException("overlap[" + i + "][" + j + "] is NaN");
                }
            }
        }
        return k;
    }

    private static void requireCollab(int[] collab, int n) {
        Objects.requireNonNull(collab, "collab");
        if (collab.length == 0) {
            throw new IllegalArgumentException("collab: empty collaborator set");
        }
        BitSet seen = new BitSet(n);
        for (int j : collab) {
            if (j < 0 || j >= n || seen.get(j)) {
                throw new IllegalArgumentException("collab: index " + j + " is out of [0, " + n + ") or repeated in "
                        + Arrays.toString(collab));
            }
            seen.set(j);
        }
    }

    private static void requireMaskFits(CriticalMask mask, ParamTable table, String what) {
        Objects.requireNonNull(mask, what);
        if (!mask.sizes().keySet().equals(Set.copyOf(table.names()))) {
            throw new IllegalArgumentException(what + " covers " + mask.names() + " but the model has " + table.names());
        }
        for (String name : table.names()) {
            if (mask.size(name) != table.get(name).length()) {
                throw new IllegalArgumentException(what + ": tensor '" + name + "' has " + mask.size(name)
                        + " mask bits but " + table.get(name).length() + " parameters");
            }
        }
    }
}
