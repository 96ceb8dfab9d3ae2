package org.sparkharness.executors.client;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.optimizers.ParamTable;

/**
 * FedProx's proximal term (μ/2)·‖w − w_t‖² and its gradient μ(w − w_t) (Li et al. 2020, arXiv 1812.06127, §3), as
 * pure functions in the three forms the clients hold parameters in: named ND4J tables ({@link ProximalObjective}),
 * one flat ND4J vector (the plain-SGD path of {@link LocalTrainer}) and float arrays
 * ({@link SoftmaxRegressionKernel}). Values accumulate in double.
 *
 * <p>Each form performs exactly the floating-point operations, in the order, that its caller always has: losses
 * and trained parameters are compared bit for bit across versions (FedProx with μ = 0 against FedAvg, the golden
 * and benchmark figures). That is why the value has two forms that are equal in exact arithmetic but may round
 * differently: {@link #value} scales a squared distance, {@link #valueFromNorm} multiplies by the norm twice.
 */
public final class ProximalTerm {
    private ProximalTerm() {}

    /** {@code mu} when it is a valid coefficient (finite, ≥ 0; 0 turns the term off), else an exception. */
    public static double requireValidMu(double mu) {
        if (!(mu >= 0) || Double.isInfinite(mu)) {
            throw new IllegalArgumentException("mu must be finite and >= 0, got " + mu);
        }
        return mu;
    }

    /** (μ/2)·s for a squared distance s = ‖w − w_t‖². */
    public static double value(double mu, double squaredDistance) {
        return 0.5 * mu * squaredDistance;
    }

    /** (μ/2)·‖d‖² from the norm of one flat difference d, computed as ((μ/2)·‖d‖)·‖d‖ (the flat SGD path's order). */
    public static double valueFromNorm(double mu, double norm) {
        return 0.5 * mu * norm * norm;
    }

    /** w − w_t per named table, in fresh arrays. */
    public static ParamTable difference(ParamTable w, ParamTable anchor) {
        return w.mapNamed((name, wi) -> wi.sub(anchor.get(name)));
    }

    /** ‖d‖² of a difference held as named tables: each table's 2-norm squared, summed in double in table order. */
    public static double squaredNorm(ParamTable difference) {
        double sq = 0;
        for (String n : difference.names()) {
            double norm = difference.get(n).norm2Number().doubleValue();
            sq += norm * norm;
        }
        return sq;
    }

    /**
     * ‖w − w_t‖² of float arrays: each difference taken in float (as the parameters are stored), squared and summed
     * in double.
     */
    public static double squaredDistance(float[] w, float[] anchor) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            double diff = w[i] - anchor[i];
            s += diff * diff;
        }
        return s;
    }

    /** μ·d written over {@code difference} (the caller's scratch array): the term's gradient. */
    public static INDArray gradientInPlace(INDArray difference, double mu) {
        return difference.muli(mu);
    }

    /** {@code gradient} += μ·d in place, d scaled in place first ({@link #gradientInPlace}); returns gradient. */
    public static INDArray addGradient(INDArray gradient, INDArray difference, double mu) {
        return gradient.addi(gradientInPlace(difference, mu));
    }

    /** μ(w − w_t) for one coordinate, the difference taken in float as for {@link #squaredDistance}. */
    public static double gradient(double mu, float w, float anchor) {
        return mu * (w - anchor);
    }
}
