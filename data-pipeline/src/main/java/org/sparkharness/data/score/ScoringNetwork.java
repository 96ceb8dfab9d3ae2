package org.sparkharness.data.score;

import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.ModelSpec;

/**
 * The network the scoring runs train, as the tasks build it: a spec the executors can build on their own (a built-in
 * type, a zoo name, or a user's configuration already read by the driver), the shape of the examples it reads, and
 * the weights every run starts from when the user gave a saved model (null: each run draws its own from its seed).
 * Shipped inside task closures (Java serialisation), never broadcast.
 */
public record ScoringNetwork(ModelSpec spec, InputShape input, float[] initialParams) implements Serializable {

    public ScoringNetwork {
        if (spec == null || input == null) throw new IllegalArgumentException("spec and input are required");
        if (input.isRegression()) throw new IllegalArgumentException("scoring needs a classifier, got " + input);
    }

    /** A spec that needs nothing read on the driver, for examples of {@code data}'s (guessed) shape. */
    public static ScoringNetwork of(ModelSpec spec, TrainingArrays data) {
        return new ScoringNetwork(spec, data.inputShape(), null);
    }

    /** The network of run seed {@code seed}, started from {@link #initialParams} when there are any. */
    public Dl4jNetwork build(long seed) {
        Dl4jNetwork net = spec.network(input, seed);
        if (initialParams != null) net.setParams(Nd4j.create(initialParams, new long[] {1, initialParams.length}, 'c'));
        return net;
    }

    /** The network with {@code params} (inference: no recipe, no seed needed). */
    public Dl4jNetwork withParams(float[] params) {
        Dl4jNetwork net = spec.network(input, 0);
        if (net.numParams() != params.length) {
            throw new IllegalStateException("a scoring run's " + params.length + " parameters do not fit " + spec
                    + " (" + net.numParams() + ")");
        }
        net.setParams(Nd4j.create(params, new long[] {1, params.length}, 'c'));
        return net;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoringNetwork s && spec.equals(s.spec) && input.equals(s.input)
                && Arrays.equals(initialParams, s.initialParams);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * spec.hashCode() + input.hashCode()) + Arrays.hashCode(initialParams);
    }

    @Override
    public String toString() {
        return spec + " on " + input + (initialParams == null ? "" : " from saved weights");
    }
}
