package org.sparkharness.data.text.filter;

import com.fasterxml.jackson.annotation.JsonAlias;
import java.io.Serializable;
import java.util.List;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Thresholds of {@link GopherQualityFilter} (Rae et al. 2021, App. A; datatrove {@code GopherQualityFilter}
 * @a649de7 defaults). As in datatrove, a threshold of 0 switches its rule off.
 *
 * @param minDocWords           drop if fewer non-symbol words; default 50 (alias {@code minWords})
 * @param maxDocWords           drop if more non-symbol words; default 100,000 (alias {@code maxWords})
 * @param minAvgWordLength      drop if the mean non-symbol word length is below; default 3
 * @param maxAvgWordLength      drop if the mean non-symbol word length is above; default 10
 * @param maxSymbolWordRatio    drop if {@code #} count, or {@code ...} plus {@code …} count, per token is above;
 *                              default 0.1
 * @param maxBulletLinesRatio   drop if the fraction of lines starting with {@code •} or {@code -} is above; 0.9
 * @param maxEllipsisLinesRatio drop if the fraction of lines ending with {@code ...} or {@code …} is above; 0.3
 * @param minAlphaWordsRatio    drop if the fraction of tokens with a letter is below; default 0.8 (datatrove's
 *                              misnamed {@code max_non_alpha_words_ratio})
 * @param minStopWords          drop if fewer distinct stop words occur (case-sensitive); default 2
 * @param stopWords             default the, be, to, of, and, that, have, with
 */
public record GopherQualitySettings(
        @JsonAlias("minWords") Integer minDocWords,
        @JsonAlias("maxWords") Integer maxDocWords,
        Double minAvgWordLength,
        Double maxAvgWordLength,
        Double maxSymbolWordRatio,
        Double maxBulletLinesRatio,
        Double maxEllipsisLinesRatio,
        Double minAlphaWordsRatio,
        Integer minStopWords,
        List<String> stopWords) implements Serializable {

    public static final List<String> DEFAULT_STOP_WORDS = List.of("the", "be", "to", "of", "and", "that", "have", "with");

    /** Fills the defaults and validates; a {@link ConfigException} names the field. */
    public GopherQualitySettings {
        minDocWords = Checks.atLeast("minDocWords", Checks.orDefault(minDocWords, 50), 0);
        maxDocWords = Checks.atLeast("maxDocWords", Checks.orDefault(maxDocWords, 100_000), 0);
        if (minDocWords > 0 && maxDocWords > 0 && maxDocWords < minDocWords) {
            throw new ConfigException("maxDocWords", maxDocWords, "must be >= minDocWords (" + minDocWords + ")");
        }
        minAvgWordLength = Check.nonNegative("minAvgWordLength", Checks.orDefault(minAvgWordLength, 3.0));
        maxAvgWordLength = Check.nonNegative("maxAvgWordLength", Checks.orDefault(maxAvgWordLength, 10.0));
        if (minAvgWordLength > 0 && maxAvgWordLength > 0 && maxAvgWordLength < minAvgWordLength) {
            throw new ConfigException("maxAvgWordLength", maxAvgWordLength,
                    "must be >= minAvgWordLength (" + minAvgWordLength + ")");
        }
        maxSymbolWordRatio = Check.nonNegative("maxSymbolWordRatio", Checks.orDefault(maxSymbolWordRatio, 0.1));
        maxBulletLinesRatio = Check.inClosed("maxBulletLinesRatio", Checks.orDefault(maxBulletLinesRatio, 0.9), 0, 1);
        maxEllipsisLinesRatio = Check.inClosed("maxEllipsisLinesRatio",
                Checks.orDefault(maxEllipsisLinesRatio, 0.3), 0, 1);
        minAlphaWordsRatio = Check.inClosed("minAlphaWordsRatio", Checks.orDefault(minAlphaWordsRatio, 0.8), 0, 1);
        stopWords = Checks.orDefault(stopWords, DEFAULT_STOP_WORDS);
        for (int i = 0; i < stopWords.size(); i++) {
            String w = stopWords.get(i);
            if (w == null || w.isBlank()) throw new ConfigException("stopWords[" + i + "]", w, "must not be blank");
        }
        stopWords = List.copyOf(stopWords);
        minStopWords = Checks.atLeast("minStopWords", Checks.orDefault(minStopWords, 2), 0);
        long distinct = stopWords.stream().distinct().count();
        if (minStopWords > distinct) {
            throw new ConfigException("minStopWords", minStopWords,
                    "must be <= the number of distinct stopWords (" + distinct + ")");
        }
    }

    /** datatrove's defaults. */
    public static GopherQualitySettings defaults() {
        return new GopherQualitySettings(null, null, null, null, null, null, null, null, null, null);
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public GopherQualitySettings withMinDocWords(int minDocWords) {
        return new GopherQualitySettings(minDocWords, maxDocWords, minAvgWordLength, maxAvgWordLength,
                maxSymbolWordRatio, maxBulletLinesRatio, maxEllipsisLinesRatio, minAlphaWordsRatio, minStopWords,
                stopWords);
    }

    public GopherQualitySettings withMaxDocWords(int maxDocWords) {
        return new GopherQualitySettings(minDocWords, maxDocWords, minAvgWordLength, maxAvgWordLength,
                maxSymbolWordRatio, maxBulletLinesRatio, maxEllipsisLinesRatio, minAlphaWordsRatio, minStopWords,
                stopWords);
    }

    public GopherQualitySettings withMinAvgWordLength(double minAvgWordLength) {
        return new GopherQualitySettings(minDocWords, maxDocWords, minAvgWordLength, maxAvgWordLength,
                maxSymbolWordRatio, maxBulletLinesRatio, maxEllipsisLinesRatio, minAlphaWordsRatio, minStopWords,
                stopWords);
    }

    public GopherQualitySettings withMaxAvgWordLength(double maxAvgWordLength) {
        return new GopherQualitySettings(minDocWords, maxDocWords, minAvgWordLength, maxAvgWordLength,
                maxSymbolWordRatio, maxBulletLinesRatio, maxEllipsisLinesRatio, minAlphaWordsRatio, minStopWords,
                stopWords);
    }

    public GopherQualitySettings withMaxSymbolWordRatio(double maxSymbolWordRatio) {
        return new GopherQualitySettings(minDocWords, maxDocWords, minAvgWordLength, maxAvgWordLength,
                maxSymbolWordRatio, maxBulletLinesRatio, maxEllipsisLinesRatio, minAlphaWordsRatio, minStopWords,
                stopWords);
    }

    public GopherQualitySettings withMaxBulletLinesRatio(double maxBulletLinesRatio) {
        return new GopherQualitySettings(minDocWords, maxDocWords, minAvgWordLength, maxAvgWordLength,
                maxSymbolWordRatio, maxBulletLinesRatio, maxEllipsisLinesRatio, minAlphaWordsRatio, minStopWords,
                stopWords);
    }

    public GopherQualitySettings withMaxEllipsisLinesRatio(double maxEllipsisLinesRatio) {
        return new GopherQualitySettings(minDocWords, maxDocWords, minAvgWordLength, maxAvgWordLength,
                maxSymbolWordRatio, maxBulletLinesRatio, maxEllipsisLinesRatio, minAlphaWordsRatio, minStopWords,
                stopWords);
    }

    public GopherQualitySettings withMinAlphaWordsRatio(double minAlphaWordsRatio) {
        return new GopherQualitySettings(minDocWords, maxDocWords, minAvgWordLength, maxAvgWordLength,
                maxSymbolWordRatio, maxBulletLinesRatio, maxEllipsisLinesRatio, minAlphaWordsRatio, minStopWords,
                stopWords);
    }

    public GopherQualitySettings withMinStopWords(int minStopWords) {
        return new GopherQualitySettings(minDocWords, maxDocWords, minAvgWordLength, maxAvgWordLength,
                maxSymbolWordRatio, maxBulletLinesRatio, maxEllipsisLinesRatio, minAlphaWordsRatio, minStopWords,
                stopWords);
    }

    public GopherQualitySettings withStopWords(List<String> stopWords) {
        return new GopherQualitySettings(minDocWords, maxDocWords, minAvgWordLength, maxAvgWordLength,
                maxSymbolWordRatio, maxBulletLinesRatio, maxEllipsisLinesRatio, minAlphaWordsRatio, minStopWords,
                stopWords);
    }
}
