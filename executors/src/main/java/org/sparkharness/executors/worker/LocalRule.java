package org.sparkharness.executors.worker;

import java.io.Serializable;
import org.sparkharness.executors.model.NetworkAdapter;

/**
 * What a parameter-server worker computes from its minibatch at the broadcast parameters. The server averages the
 * returned sums over the accepted workers (ΣG/Σm) and applies its optimizer, so the rule decides what that average
 * means: a gradient (first-order optimizers, SAM, SAF, MESA) or a Sven direction.
 */
public sealed interface LocalRule extends Serializable
        permits PlainGradient, SharpnessAwareGradient, SvenDirection, TrajectoryGradient {

    /**
     * @param batch   the worker's minibatch this round
     * @param network a network of the trained model owned by the calling thread; its parameters are set by the rule
     * @param input   the round's broadcast
     */
    LocalOutput compute(WorkerBatch batch, NetworkAdapter network, RoundInput input);
}
