package org.sparkharness.executors.client;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.optimizers.ParamTable;

/**
 * Aggregation functions shared by the federated strategies. Accumulates in float64 in list order so results do not
 * depend on Spark partitioning (docs/algorithms/federated.md §1); returns tables with the inputs' names, shapes and
 * dtype.
 *
 * <p>FedAvg (McMahan et al. 2016, arXiv 1602.05629; FedProx {@code fedbase.aggregate}): {@code Σ n_k·w_k / Σ n_k}
 * with the sum built first and divided once, as the reference code does. Inputs are never mutated.
 */
public final class Aggregation {
    private Aggregation() {
    }

    /**
     * {@code Σ w_k·t_k / Σ w_k} (FedAvg with sample weights n_k), per element, in float64 and in list order.
     * Tables with weight 0 are skipped (checked for layout only), so weights {@code [1, 0]} return the first table
     * exactly even if the second holds NaN.
     *
     * @throws IllegalArgumentException on empty input, a weight count that differs from the table count, mismatched
     *     names, shapes or dtypes, a non-floating dtype, negative or non-finite weights, or weights that are all zero
     */
    public static ParamTable weightedMean(List<ParamTable> tables, double[] weights) {
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(weights, "weights");
        if (tables.isEmpty()) {
            throw new IllegalArgumentException("tables: nothing to aggregate (empty list)");
        }
        if (weights.length != tables.size()) {
            throw new IllegalArgumentException("weights: " + weights.length + " weights for " + tables.size() + " tables");
        }
        double total = 0;
        for (int k = 0; k < weights.length; k++) {
            if (!(weights[k] >= 0) || Double.isInfinite(weights[k])) {
                throw new IllegalArgumentException("weights[" + k + "] = " + weights[k] + " must be finite and >= 0");
            }
            total += weights[k];
        }
        if (total == 0) {
            throw new IllegalArgumentException("weights: all " + weights.length + " weights are zero");
        }
        ParamTable layout = requireSameLayout(tables);
        double sum = total;
        return layout.mapNamed((name, a) -> {
            double[] acc = new double[Math.toIntExact(a.length())];
            boolean first = true;
            for (int k = 0; k < tables.size(); k++) {
                if (weights[k] != 0) {
                    Flat.accumulate(tables.get(k).get(name), weights[k], acc, first);
                    first = false;
                }
            }
            for (int i = 0; i < acc.length; i++) {
                acc[i] /= sum;
            }
            return Flat.create(acc, a.shape(), a.dataType());
        });
    }

    /** Unweighted mean {@code Σ t_k / K}: {@link #weightedMean} with every weight 1. */
    public static ParamTable mean(List<ParamTable> tables) {
        Objects.requireNonNull(tables, "tables");
        double[] ones = new double[tables.size()];
        Arrays.fill(ones, 1.0);
        return weightedMean(tables, ones);
    }


    /**
     * Checks that every table holds the first table's names, shapes and per-name dtypes, and that those dtypes are
     * floating point; returns the first table.
     *
     * @throws IllegalArgumentException naming the table index and parameter on the first mismatch
     */
    public static ParamTable requireSameLayout(List<ParamTable> tables) {
        ParamTable first = Objects.requireNonNull(tables.get(0), "tables[0]");
        for (String name : first.names()) {
            DataType dt = first.get(name).dataType();
            if (!dt.isFPType()) {
                throw new IllegalArgumentException("tables[0]: parameter '" + name + "' has non-floating dtype " + dt);
            }
        }
        for (int k = 1; k < tables.size(); k++) {
            ParamTable t = Objects.requireNonNull(tables.get(k), "tables[" + k + "]");
            first.requireSameLayout(t, "tables[" + k + "] vs tables[0]");
            for (String name : first.names()) {
                INDArray a = t.get(name);
                if (a.dataType() != first.get(name).dataType()) {
                    throw new IllegalArgumentException("tables[" + k + "]: parameter '" + name + "' has dtype "
                            + a.dataType() + ", tables[0] has " + first.get(name).dataType());
                }
            }
        }
        return first;
    }
}
