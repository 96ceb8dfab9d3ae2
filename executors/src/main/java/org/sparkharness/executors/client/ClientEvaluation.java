package org.sparkharness.executors.client;

import java.io.Serializable;

/**
 * One client's evaluation at the end of a round. Sums, not means, so the server can pool them exactly.
 *
 * @param client          client id
 * @param testSize        examples in the client's test split
 * @param trainSize       examples in the client's train split
 * @param globalCorrect   correct test predictions of the global model
 * @param globalLossSum   summed test loss of the global model
 * @param personalCorrect correct test predictions of the client's own model (see {@link PersonalModel})
 * @param personalLossSum summed test loss of the client's own model
 * @param trainLossSum    summed train loss of the global model
 */
public record ClientEvaluation(int client, long testSize, long trainSize, long globalCorrect, double globalLossSum,
                               long personalCorrect, double personalLossSum, double trainLossSum)
        implements Serializable {

    /** The client's personalised test accuracy (0 for an empty test split). */
    public double personalAccuracy() {
        return testSize == 0 ? 0 : (double) personalCorrect / testSize;
    }
}
