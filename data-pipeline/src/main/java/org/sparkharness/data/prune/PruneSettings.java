package org.sparkharness.data.prune;

import java.io.Serializable;
import java.util.List;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * What a pruning run keeps. Bindable from config; every component but {@code keep} has a default.
 *
 * @param method   {@code hardest} (default), {@code easiest}, {@code random} or {@code stratified}
 * @param score    score column: {@code el2n} (default), {@code grand} or {@code loss}
 * @param keep     fraction f of the N examples to keep, in (0, 1]; the budget is ⌊f·N⌋ (required)
 * @param offset   {@code hardest} only: how many of the hardest to skip before keeping, as a count (≥ 1, whole) or a
 *                 fraction of N (&lt; 1); the kept set is {@code descOrder[m : m + ⌊f·N⌋]}. Default: 0 when
 *                 f &gt; 0.3, else 0.02 (skip the top 2 %): keeping only the very hardest collapses at small f
 *                 (docs/algorithms/data-pipeline.md §1.4, §6)
 * @param perClass apply the budget (and offset) within each class, k_c = round(f·n_c) with Python's
 *                 round-half-even (DeepCore {@code balance=True}); not with {@code stratified}
 * @param misRatio {@code stratified} only: fraction of N dropped from the hardest end first (default 0.1). CCS has
 *                 no default ({@code --mis-ratio} is required in stratified mode); its README uses 0.3 for 90 %
 *                 pruning of CIFAR-10, and the paper tunes it per pruning rate
 * @param bins     {@code stratified} only: equal-width score bins (default 50, as CCS's {@code stratas})
 * @param seed     seed of {@code random} and of the sampling inside {@code stratified} bins (default 42)
 */
public record PruneSettings(PruneMethod method, String score, Double keep, Double offset, Boolean perClass,
                            Double misRatio, Integer bins, Long seed) implements Serializable {

    public static final List<String> SCORES = List.of("el2n", "grand", "loss");
    /** Keep fractions at or below this skip the top {@link #DEFAULT_OFFSET} by default (hardest only). */
    public static final double OFFSET_DEFAULT_BELOW = 0.3;
    public static final double DEFAULT_OFFSET = 0.02;

    public PruneSettings {
        method = method == null ? PruneMethod.HARDEST : method;
        score = score == null ? "el2n" : score;
        if (!SCORES.contains(score)) throw new ConfigException("score", score, "must be one of " + SCORES);
        Check.required("keep", keep);
        if (!(keep > 0 && keep <= 1)) throw new ConfigException("keep", keep, "must be in (0, 1]");
        if (offset != null) {
            Check.nonNegative("offset", offset);
            if (offset >= 1 && offset != Math.rint(offset)) {
                throw new ConfigException("offset", offset, "must be a whole count (>= 1) or a fraction of N (< 1)");
            }
            if (offset > 0 && method != PruneMethod.HARDEST) {
                throw new ConfigException("offset", offset, "applies to method hardest only, not " + method.configName());
            }
        }
        perClass = perClass != null && perClass;
        if (perClass && method == PruneMethod.STRATIFIED) {
            throw new ConfigException("perClass", true, "is not supported with method stratified");
        }
        misRatio = Check.inHalfOpen("misRatio", misRatio == null ? 0.1 : misRatio, 0, 1);
        bins = Check.positiveInt("bins", bins == null ? 50 : bins);
        seed = seed == null ? 42L : seed;
    }

    /** {@code method} keeping the fraction {@code keep}, every other field at its default. */
    public static PruneSettings of(PruneMethod method, double keep) {
        return new PruneSettings(method, null, keep, null, null, null, null, null);
    }

    /** Keep-hardest with the default offset. */
    public static PruneSettings hardest(double keep) {
        return new PruneSettings(PruneMethod.HARDEST, null, keep, null, null, null, null, null);
    }

    /** Keep-hardest skipping {@code offset} (count or fraction of N) first. */
    public static PruneSettings hardest(double keep, double offset) {
        return new PruneSettings(PruneMethod.HARDEST, null, keep, offset, null, null, null, null);
    }

    public static PruneSettings easiest(double keep) {
        return new PruneSettings(PruneMethod.EASIEST, null, keep, null, null, null, null, null);
    }

    public static PruneSettings random(double keep, long seed) {
        return new PruneSettings(PruneMethod.RANDOM, null, keep, null, null, null, null, seed);
    }

    public static PruneSettings stratified(double keep, double misRatio, int bins, long seed) {
        return new PruneSettings(PruneMethod.STRATIFIED, null, keep, null, null, misRatio, bins, seed);
    }

    /** The same settings on another score column. */
    public PruneSettings withScore(String column) {
        return new PruneSettings(method, column, keep, offset, perClass, misRatio, bins, seed);
    }

    /** The same settings with per-class budgets on or off. */
    public PruneSettings withPerClass(boolean on) {
        return new PruneSettings(method, score, keep, offset, on, misRatio, bins, seed);
    }

    /** The budget ⌊f·n⌋ (a tiny tolerance absorbs binary rounding, so 0.3 · 60000 is 18000). */
    public int budget(long n) {
        return floorFraction(keep, n);
    }

    /** The resolved offset count m for n examples (0 for every method but {@code hardest}). */
    public int offsetCount(long n) {
        if (method != PruneMethod.HARDEST) return 0;
        double m = offset != null ? offset : keep <= OFFSET_DEFAULT_BELOW ? DEFAULT_OFFSET : 0;
        return m >= 1 ? (int) m : floorFraction(m, n);
    }

    /** ⌊misRatio·n⌋ ({@code stratified} only, else 0). */
    public int misCount(long n) {
        return method == PruneMethod.STRATIFIED ? floorFraction(misRatio, n) : 0;
    }

    static int floorFraction(double f, long n) {
        return (int) Math.floor(f * n + 1e-9);
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public PruneSettings withMethod(PruneMethod method) {
        return new PruneSettings(method, score, keep, offset, perClass, misRatio, bins, seed);
    }

    public PruneSettings withKeep(double keep) {
        return new PruneSettings(method, score, keep, offset, perClass, misRatio, bins, seed);
    }

    public PruneSettings withOffset(Double offset) {
        return new PruneSettings(method, score, keep, offset, perClass, misRatio, bins, seed);
    }

    public PruneSettings withMisRatio(double misRatio) {
        return new PruneSettings(method, score, keep, offset, perClass, misRatio, bins, seed);
    }

    public PruneSettings withBins(int bins) {
        return new PruneSettings(method, score, keep, offset, perClass, misRatio, bins, seed);
    }

    public PruneSettings withSeed(long seed) {
        return new PruneSettings(method, score, keep, offset, perClass, misRatio, bins, seed);
    }
}
