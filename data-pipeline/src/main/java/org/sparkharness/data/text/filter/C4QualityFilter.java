package org.sparkharness.data.text.filter;

import java.util.List;
import java.util.Locale;

/**
 * C4's line and document rules (Raffel et al. 2020) with datatrove @a649de7 {@code C4QualityFilter} semantics,
 * splitting on lines ({@code splitlines}). Each line is stripped, then, in this order:
 * <ol>
 *   <li>dropped if a whitespace-separated word is longer than {@code maxWordLength} code points;</li>
 *   <li>citations {@code [<digits>]}, {@code [edit]}, {@code [citation needed]} removed ({@code removeCitations});</li>
 *   <li>dropped without terminal punctuation ({@code . ? ! " '}, not {@code ...}) when
 *       {@code filterNoTerminalPunct};</li>
 *   <li>dropped with fewer than {@code minWordsPerLine} words (counted before citation removal);</li>
 *   <li>"lorem ipsum" (any case) drops the whole document: {@value #LOREM_IPSUM};</li>
 *   <li>dropped if it contains "javascript" (any case);</li>
 *   <li>a {@code {} drops the whole document: {@value #CURLY_BRACKET};</li>
 *   <li>dropped if it contains a cookie / terms-of-use / privacy-policy phrase (any case);</li>
 *   <li>otherwise kept, with its sentences counted.</li>
 * </ol>
 * The document drops as {@value #TOO_FEW_SENTENCES} if the kept lines hold fewer than {@code minNumSentences}
 * sentences; else its text becomes the kept lines joined by {@code \n}, stripped. Sentences
 * (docs/algorithms/data-pipeline.md §7.1, in place of NLTK's punkt): the matches of {@code [.!?]+} followed by
 * whitespace or the line end, at least one per kept line. The bad-words document filter is not implemented: it needs
 * the LDNOOBW list (a download).
 */
public final class C4QualityFilter implements QualityFilter {
    private static final long serialVersionUID = 1L;

    public static final String FAMILY = "c4";
    public static final String LOREM_IPSUM = "c4_lorem_ipsum";
    public static final String CURLY_BRACKET = "c4_curly_bracket";
    public static final String TOO_FEW_SENTENCES = "c4_too_few_sentences";

    private static final List<String> REASONS = List.of(LOREM_IPSUM, CURLY_BRACKET, TOO_FEW_SENTENCES);

    /** datatrove's {@code POLICY_SUBSTRINGS}. */
    static final List<String> POLICY_SUBSTRINGS = List.of("terms of use", "privacy policy", "cookie policy",
            "uses cookies", "use of cookies", "use cookies");

    private final C4Settings settings;

    public C4QualityFilter(C4Settings settings) {
        this.settings = settings;
    }

    public C4Settings settings() {
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

    @Override
    public Verdict check(Doc doc) {
        String text = doc.text();
        int maxWordLength = settings.maxWordLength();
        int minWords = settings.minWordsPerLine();
        int minSentences = settings.minNumSentences();
        StringBuilder kept = new StringBuilder(text.length());
        int keptLines = 0;
        int sentences = 0;
        for (int l = 0, n = doc.lineCount(); l < n; l++) {
            int start = PyStr.stripStart(text, doc.lineStart(l), doc.lineEnd(l));
            int end = PyStr.stripEnd(text, start, doc.lineEnd(l));
            long words = wordsAndLongest(doc, start, end);
            int wordCount = (int) (words >>> 32);
            int longest = (int) words;
            if (maxWordLength != -1 && longest > maxWordLength) continue;
            String line = settings.removeCitations() ? withoutCitations(text, start, end) : text.substring(start, end);
            if (settings.filterNoTerminalPunct() && !endsWithTerminalPunctuation(line)) continue;
            if (wordCount < minWords) continue;
            String lower = lowerCase(line);
            if (settings.filterLoremIpsum() && lower.contains("lorem ipsum")) return Verdict.drop(LOREM_IPSUM);
            if (settings.filterJavascript() && lower.contains("javascript")) continue;
            if (settings.filterCurlyBracket() && line.indexOf('{') >= 0) return Verdict.drop(CURLY_BRACKET);
            if (settings.filterPolicy() && containsPolicy(lower)) continue;
            if (minSentences != -1) sentences += sentences(line);
            if (keptLines++ > 0) kept.append('\n');
            kept.append(line);
        }
        if (sentences < minSentences) return Verdict.drop(TOO_FEW_SENTENCES);
        int from = PyStr.stripStart(kept, 0, kept.length());
        int to = PyStr.stripEnd(kept, from, kept.length());
        String out = kept.substring(from, to);
        return out.equals(text) ? Verdict.KEEP : Verdict.keep(out);
    }

    /** {@code line.split()}: word count (high int) and longest word in code points (low int). */
    private static long wordsAndLongest(Doc doc, int start, int end) {
        String s = doc.text();
        int words = 0;
        int longest = 0;
        int i = start;
        while (i < end) {
            while (i < end && PyStr.isSpace(s.charAt(i))) i++;
            if (i == end) break;
            int w = i;
            while (i < end && !PyStr.isSpace(s.charAt(i))) i++;
            words++;
            longest = Math.max(longest, doc.length(w, i));
        }
        return ((long) words << 32) | longest;
    }

    /**
     * {@code re.sub(r"\[\d*]|\[edit]|\[citation needed]", "", line)}: one left-to-right pass, {@code \d} being
     * any Unicode decimal digit.
     */
    static String withoutCitations(String s, int start, int end) {
        int bracket = s.indexOf('[', start);
        if (bracket < 0 || bracket >= end) return s.substring(start, end);
        StringBuilder out = new StringBuilder(end - start);
        int i = start;
        while (i < end) {
            char c = s.charAt(i);
            if (c == '[') {
                int match = citationEnd(s, i, end);
                if (match > 0) {
                    i = match;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** End of the citation that starts at the {@code [} at {@code i}, or -1. */
    private static int citationEnd(String s, int i, int end) {
        int j = i + 1;
        while (j < end) {
            int cp = s.codePointAt(j);
            if (!Character.isDigit(cp)) break;
            j += Character.charCount(cp);
        }
        if (j < end && s.charAt(j) == ']') return j + 1;
        if (s.startsWith("edit]", i + 1) && i + 6 <= end) return i + 6;
        if (s.startsWith("citation needed]", i + 1) && i + 17 <= end) return i + 17;
        return -1;
    }

    /** Ends in {@code . ? ! " '} and not in {@code ...}. */
    private static boolean endsWithTerminalPunctuation(String line) {
        if (line.isEmpty()) return false;
        char last = line.charAt(line.length() - 1);
        boolean terminal = last == '.' || last == '?' || last == '!' || last == '"' || last == '\'';
        return terminal && !line.endsWith("...");
    }

    /**
     * {@code str.lower()} as far as the ASCII phrases looked for are concerned: ASCII lines lower-case char by char;
     * others through {@link String#toLowerCase(Locale)} with the root locale, which like Python maps U+0130 to
     * {@code i̇} and the Kelvin sign to {@code k}.
     */
    private static String lowerCase(String line) {
        for (int i = 0, n = line.length(); i < n; i++) {
            char c = line.charAt(i);
            if (c >= 0x80) return line.toLowerCase(Locale.ROOT);
            if (c >= 'A' && c <= 'Z') return line.toLowerCase(Locale.ROOT);
        }
        return line;
    }

    private static boolean containsPolicy(String lower) {
        for (String p : POLICY_SUBSTRINGS) {
            if (lower.contains(p)) return true;
        }
        return false;
    }

    /** Runs of {@code . ! ?} followed by whitespace or the end of the line; at least one per line. */
    static int sentences(String line) {
        int count = 0;
        for (int i = 0, n = line.length(); i < n; i++) {
            char c = line.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && (i + 1 == n || PyStr.isSpace(line.charAt(i + 1)))) count++;
        }
        return Math.max(1, count);
    }
}
