package org.sparkharness.data.text.filter;

import java.io.Serializable;
import java.util.List;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Thresholds of {@link FineWebQualityFilter} (datatrove {@code FineWebQualityFilter} @a649de7 defaults).
 *
 * @param linePunctThr         drop if the fraction of non-blank lines ending in a stop char is below; default 0.12
 * @param linePunctExcludeZero do not apply the rule above when no line ends in a stop char; default false
 * @param stopChars            line endings that count as punctuation; null (default) = datatrove's multilingual
 *                             {@code TERMINAL_PUNCTUATION} ({@link TerminalPunctuation})
 * @param shortLineLength      a line of at most this many code points is short; default 30
 * @param shortLineThr         drop if the fraction of short lines is above; default 0.67
 * @param charDuplicatesRatio  drop if characters of duplicated lines / characters without {@code \n} is above;
 *                             default 0.01
 * @param newLineRatio         drop if {@code \n} count / words is above; default 0.3
 */
public record FineWebSettings(
        Double linePunctThr,
        Boolean linePunctExcludeZero,
        List<String> stopChars,
        Integer shortLineLength,
        Double shortLineThr,
        Double charDuplicatesRatio,
        Double newLineRatio) implements Serializable {

    /** Fills the defaults and validates; a {@link ConfigException} names the field. */
    public FineWebSettings {
        linePunctThr = Check.inClosed("linePunctThr", Checks.orDefault(linePunctThr, 0.12), 0, 1);
        linePunctExcludeZero = Checks.orDefault(linePunctExcludeZero, false);
        if (stopChars != null) {
            for (int i = 0; i < stopChars.size(); i++) {
                String c = stopChars.get(i);
                if (c == null || c.isEmpty()) throw new ConfigException("stopChars[" + i + "]", c, "must not be empty");
            }
            stopChars = List.copyOf(stopChars);
        }
        shortLineLength = Checks.atLeast("shortLineLength", Checks.orDefault(shortLineLength, 30), 0);
        shortLineThr = Check.inClosed("shortLineThr", Checks.orDefault(shortLineThr, 0.67), 0, 1);
        charDuplicatesRatio = Check.inClosed("charDuplicatesRatio", Checks.orDefault(charDuplicatesRatio, 0.01), 0, 1);
        newLineRatio = Check.nonNegative("newLineRatio", Checks.orDefault(newLineRatio, 0.3));
    }

    public static FineWebSettings defaults() {
        return new FineWebSettings(null, null, null, null, null, null, null);
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public FineWebSettings withLinePunctThr(double linePunctThr) {
        return new FineWebSettings(linePunctThr, linePunctExcludeZero, stopChars, shortLineLength, shortLineThr,
                charDuplicatesRatio, newLineRatio);
    }

    public FineWebSettings withLinePunctExcludeZero(boolean linePunctExcludeZero) {
        return new FineWebSettings(linePunctThr, linePunctExcludeZero, stopChars, shortLineLength, shortLineThr,
                charDuplicatesRatio, newLineRatio);
    }

    public FineWebSettings withStopChars(List<String> stopChars) {
        return new FineWebSettings(linePunctThr, linePunctExcludeZero, stopChars, shortLineLength, shortLineThr,
                charDuplicatesRatio, newLineRatio);
    }

    public FineWebSettings withShortLineLength(int shortLineLength) {
        return new FineWebSettings(linePunctThr, linePunctExcludeZero, stopChars, shortLineLength, shortLineThr,
                charDuplicatesRatio, newLineRatio);
    }

    public FineWebSettings withShortLineThr(double shortLineThr) {
        return new FineWebSettings(linePunctThr, linePunctExcludeZero, stopChars, shortLineLength, shortLineThr,
                charDuplicatesRatio, newLineRatio);
    }

    public FineWebSettings withCharDuplicatesRatio(double charDuplicatesRatio) {
        return new FineWebSettings(linePunctThr, linePunctExcludeZero, stopChars, shortLineLength, shortLineThr,
                charDuplicatesRatio, newLineRatio);
    }

    public FineWebSettings withNewLineRatio(double newLineRatio) {
        return new FineWebSettings(linePunctThr, linePunctExcludeZero, stopChars, shortLineLength, shortLineThr,
                charDuplicatesRatio, newLineRatio);
    }
}
