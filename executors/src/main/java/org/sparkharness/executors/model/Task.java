package org.sparkharness.executors.model;

import java.util.Locale;

/** What the network predicts, which decides its output layer, its loss and how it is evaluated. */
public enum Task {
    /** One class per example: softmax output, cross-entropy loss, accuracy. */
    CLASSIFICATION,
    /** One or more real targets per example: identity output, mean squared error, RMSE. */
    REGRESSION;

    /** The config spelling: {@code classification}, {@code regression}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The task spelled {@code key} (as {@link #key()} writes it). */
    public static Task of(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
