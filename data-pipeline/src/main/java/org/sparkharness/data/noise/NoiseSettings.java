package org.sparkharness.data.noise;

import java.io.Serializable;
import org.sparkharness.data.prune.PruneSettings;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * How suspected mislabels are flagged.
 *
 * @param score ranking column: {@code el2n} (default), {@code grand} or {@code loss}
 * @param flag  {@code auto}: flag as many as there are noisy examples (needs the {@code noisy} column), or a fraction
 *              of N in (0, 1] (default 0.1)
 */
public record NoiseSettings(String score, String flag) implements Serializable {
    public static final String AUTO = "auto";

    public NoiseSettings {
        score = score == null ? "el2n" : score;
        if (!PruneSettings.SCORES.contains(score)) {
            throw new ConfigException("score", score, "must be one of " + PruneSettings.SCORES);
        }
        flag = flag == null ? "0.1" : flag.trim();
        if (!flag.equalsIgnoreCase(AUTO)) {
            double f;
            try {
                f = Double.parseDouble(flag);
            } catch (NumberFormatException e) {
                throw new ConfigException("flag", flag, "must be 'auto' or a fraction in (0, 1]");
            }
            if (!(f > 0 && f <= 1)) throw new ConfigException("flag", flag, "must be 'auto' or a fraction in (0, 1]");
        }
    }

    public static NoiseSettings defaults() {
        return new NoiseSettings(null, null);
    }

    /** Flag n_noisy examples. */
    public static NoiseSettings auto() {
        return new NoiseSettings(null, AUTO);
    }

    public boolean flagsAuto() {
        return flag.equalsIgnoreCase(AUTO);
    }

    /** The flag fraction (NaN for {@code auto}). */
    public double flagFraction() {
        return flagsAuto() ? Double.NaN : Double.parseDouble(flag);
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public NoiseSettings withScore(String score) {
        return new NoiseSettings(score, flag);
    }

    public NoiseSettings withFlag(String flag) {
        return new NoiseSettings(score, flag);
    }
}
