package org.sparkharness.data.text.filter;

import java.util.List;
import org.sparkharness.data.text.words.Tokens;

/**
 * Gopher quality rules (Rae et al. 2021, App. A) with datatrove @a649de7 semantics, in datatrove's order; the
 * first failing rule names the drop. Over the tokens of {@link Doc#tokens()}: n_words counts all tokens, and
 * "non-symbol" tokens have at least one char outside the punctuation set (ASCII punctuation plus {@code …«»“”‘’—–},
 * docs/algorithms/data-pipeline.md §7.1).
 *
 * <ol>
 *   <li>{@value #SHORT_DOC} / {@value #LONG_DOC}: non-symbol tokens {@code < minDocWords} / {@code > maxDocWords}</li>
 *   <li>{@value #BELOW_AVG} / {@value #ABOVE_AVG}: mean non-symbol token length (code points)
 *       {@code < minAvgWordLength} / {@code > maxAvgWordLength}</li>
 *   <li>{@value #TOO_MANY_HASHES}: {@code #} count / n_words {@code > maxSymbolWordRatio}</li>
 *   <li>{@value #TOO_MANY_ELLIPSIS}: ({@code ...} count, non-overlapping, plus {@code …} count) / n_words
 *       {@code > maxSymbolWordRatio}</li>
 *   <li>{@value #TOO_MANY_BULLETS}: lines ({@code splitlines}) whose left-stripped text starts with {@code •} or
 *       {@code -} / lines {@code > maxBulletLinesRatio}</li>
 *   <li>{@value #TOO_MANY_END_ELLIPSIS}: lines whose right-stripped text ends with {@code ...} or {@code …} / lines
 *       {@code > maxEllipsisLinesRatio}</li>
 *   <li>{@value #BELOW_ALPHA}: tokens with a letter / n_words {@code < minAlphaWordsRatio}</li>
 *   <li>{@value #STOP_WORDS}: distinct stop words among the tokens (case-sensitive) {@code < minStopWords}</li>
 * </ol>
 * A threshold of 0 switches its rule off; a rule whose denominator is 0 (no tokens, no lines) never drops.
 */
public final class GopherQualityFilter implements QualityFilter {
    private static final long serialVersionUID = 1L;

    public static final String FAMILY = "gopher_quality";
    public static final String SHORT_DOC = "gopher_short_doc";
    public static final String LONG_DOC = "gopher_long_doc";
    public static final String BELOW_AVG = "gopher_below_avg";
    public static final String ABOVE_AVG = "gopher_above_avg";
    public static final String TOO_MANY_HASHES = "gopher_too_many_hashes";
    public static final String TOO_MANY_ELLIPSIS = "gopher_too_many_ellipsis";
    public static final String TOO_MANY_BULLETS = "gopher_too_many_bullets";
    public static final String TOO_MANY_END_ELLIPSIS = "gopher_too_many_end_ellipsis";
    public static final String BELOW_ALPHA = "gopher_below_alpha";
    public static final String STOP_WORDS = "gopher_stop_words";

    private static final List<String> REASONS = List.of(SHORT_DOC, LONG_DOC, BELOW_AVG, ABOVE_AVG, TOO_MANY_HASHES,
            TOO_MANY_ELLIPSIS, TOO_MANY_BULLETS, TOO_MANY_END_ELLIPSIS, BELOW_ALPHA, STOP_WORDS);

    /** Non-ASCII members of the punctuation set; ASCII punctuation is the other part. */
    private static final String EXTRA_PUNCTUATION = "…«»“”‘’—–";

    private final GopherQualitySettings settings;
    private final SpanSet stopWords;

    public GopherQualityFilter(GopherQualitySettings settings) {
        this.settings = settings;
        this.stopWords = new SpanSet(settings.stopWords().stream().distinct().toList());
    }

    public GopherQualitySettings settings() {
        return settings;
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public List<String> reasons() {
        return REASONS;
    }

    /** Whether {@code c} is in the punctuation set: ASCII punctuation or one of {@code …«»“”‘’—–}. */
    static boolean isPunctuation(int c) {
        if (c < 0x80) return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
        return c <= 0xffff && EXTRA_PUNCTUATION.indexOf(c) >= 0;
    }

    @Override
    public Verdict check(Doc doc) {
        Tokens tokens = doc.tokens();
        String text = doc.text();
        int nWords = tokens.count();

        int nonSymbol = 0;
        long nonSymbolLength = 0;
        for (int i = 0; i < nWords; i++) {
            if (hasNonPunctuation(tokens.text(), tokens.start(i), tokens.end(i))) {
                nonSymbol++;
                nonSymbolLength += tokens.length(i);
            }
        }
        int minWords = settings.minDocWords();
        int maxWords = settings.maxDocWords();
        if (minWords > 0 && nonSymbol < minWords) return Verdict.drop(SHORT_DOC);
        if (maxWords > 0 && nonSymbol > maxWords) return Verdict.drop(LONG_DOC);

        // numpy's mean of no values is NaN, and every comparison with NaN is false: the rules pass
        double meanLength = nonSymbol == 0 ? Double.NaN : (double) nonSymbolLength / nonSymbol;
        double minAvg = settings.minAvgWordLength();
        double maxAvg = settings.maxAvgWordLength();
        if (minAvg > 0 && meanLength < minAvg) return Verdict.drop(BELOW_AVG);
        if (maxAvg > 0 && meanLength > maxAvg) return Verdict.drop(ABOVE_AVG);

        double maxSymbol = settings.maxSymbolWordRatio();
        if (maxSymbol > 0 && nWords > 0) {
            if ((double) PyStr.count(text, '#') / nWords > maxSymbol) return Verdict.drop(TOO_MANY_HASHES);
            int ellipsis = PyStr.count(text, "...") + PyStr.count(text, '…');
            if ((double) ellipsis / nWords > maxSymbol) return Verdict.drop(TOO_MANY_ELLIPSIS);
        }

        int lines = doc.lineCount();
        if (lines > 0) {
            double maxBullets = settings.maxBulletLinesRatio();
            if (maxBullets > 0 && (double) bulletLines(doc) / lines > maxBullets) return Verdict.drop(TOO_MANY_BULLETS);
            double maxEllipsis = settings.maxEllipsisLinesRatio();
            if (maxEllipsis > 0 && (double) ellipsisLines(doc) / lines > maxEllipsis) {
                return Verdict.drop(TOO_MANY_END_ELLIPSIS);
            }
        }

        double minAlpha = settings.minAlphaWordsRatio();
        if (minAlpha > 0 && nWords > 0 && (double) alphaWords(tokens) / nWords < minAlpha) return Verdict.drop(BELOW_ALPHA);

        int minStop = settings.minStopWords();
        if (minStop > 0 && distinctStopWords(tokens, minStop) < minStop) return Verdict.drop(STOP_WORDS);
        return Verdict.KEEP;
    }

    private static boolean hasNonPunctuation(String s, int start, int end) {
        for (int i = start; i < end; ) {
            int cp = s.codePointAt(i);
            if (!isPunctuation(cp)) return true;
            i += Character.charCount(cp);
        }
        return false;
    }

    private static int bulletLines(Doc doc) {
        String text = doc.text();
        int count = 0;
        for (int l = 0, n = doc.lineCount(); l < n; l++) {
            int start = PyStr.stripStart(text, doc.lineStart(l), doc.lineEnd(l));
            if (start < doc.lineEnd(l)) {
                char c = text.charAt(start);
                if (c == '•' || c == '-') count++;
            }
        }
        return count;
    }

    private static int ellipsisLines(Doc doc) {
        String text = doc.text();
        int count = 0;
        for (int l = 0, n = doc.lineCount(); l < n; l++) {
            int start = doc.lineStart(l);
            int end = PyStr.stripEnd(text, start, doc.lineEnd(l));
            if (PyStr.endsWith(text, start, end, "...") || PyStr.endsWith(text, start, end, "…")) count++;
        }
        return count;
    }

    /** Tokens with at least one letter ({@code str.isalpha}: categories Lu, Ll, Lt, Lm, Lo). */
    private static int alphaWords(Tokens tokens) {
        String s = tokens.text();
        int count = 0;
        for (int t = 0, n = tokens.count(); t < n; t++) {
            for (int i = tokens.start(t), end = tokens.end(t); i < end; ) {
                int cp = s.codePointAt(i);
                if (cp < 0x80 ? ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') : Character.isLetter(cp)) {
                    count++;
                    break;
                }
                i += Character.charCount(cp);
            }
        }
        return count;
    }

    /** Distinct stop words present, counting no further than {@code enough}. */
    private int distinctStopWords(Tokens tokens, int enough) {
        long seen = 0;
        boolean[] seenMany = stopWords.size() > 64 ? new boolean[stopWords.size()] : null;
        int found = 0;
        String s = tokens.text();
        for (int t = 0, n = tokens.count(); t < n && found < enough; t++) {
            int m = stopWords.indexOf(s, tokens.start(t), tokens.end(t));
            if (m < 0) continue;
            if (seenMany == null) {
                if ((seen & (1L << m)) == 0) {
                    seen |= 1L << m;
                    found++;
                }
            } else if (!seenMany[m]) {
                seenMany[m] = true;
                found++;
            }
        }
        return found;
    }
}
