package org.sparkharness.data.text.filter;

import java.util.List;

/**
 * FineWeb's own rules with datatrove @a649de7 {@code FineWebQualityFilter} semantics (the pinned HEAD variant of
 * docs/algorithms/data-pipeline.md §2.4). Lines are the text split on {@code \n}, blank ones (Python {@code strip()}
 * empty) left out; in this order:
 * <ol>
 *   <li>{@value #EMPTY}: no non-blank line;</li>
 *   <li>{@value #LINE_PUNCT_RATIO}: lines ending (unstripped) in a stop char / lines {@code < linePunctThr}
 *       (unless the ratio is 0 and {@code linePunctExcludeZero});</li>
 *   <li>{@value #SHORT_LINE_RATIO}: lines of at most {@code shortLineLength} code points / lines
 *       {@code > shortLineThr};</li>
 *   <li>{@value #CHAR_DUP_RATIO}: characters of duplicated lines / characters other than {@code \n}
 *       {@code > charDuplicatesRatio};</li>
 *   <li>{@value #LIST_RATIO}: {@code \n} count / words {@code > newLineRatio}, the words being the tokens of the
 *       chain's input text ({@link Doc#tokens()}); never drops when there are no words.</li>
 * </ol>
 */
public final class FineWebQualityFilter implements QualityFilter {
    private static final long serialVersionUID = 1L;

    public static final String FAMILY = "fineweb";
    public static final String EMPTY = "fw_empty";
    public static final String LINE_PUNCT_RATIO = "fw_line_punct_ratio";
    public static final String SHORT_LINE_RATIO = "fw_short_line_ratio";
    public static final String CHAR_DUP_RATIO = "fw_char_dup_ratio";
    public static final String LIST_RATIO = "fw_list_ratio";

    private static final List<String> REASONS = List.of(EMPTY, LINE_PUNCT_RATIO, SHORT_LINE_RATIO, CHAR_DUP_RATIO,
            LIST_RATIO);

    private final FineWebSettings settings;
    private final String[] stopChars;

    public FineWebQualityFilter(FineWebSettings settings) {
        this.settings = settings;
        this.stopChars = settings.stopChars() == null ? null : settings.stopChars().toArray(new String[0]);
    }

    public FineWebSettings settings() {
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
        int[] spans = new int[32];
        int lines = 0;
        int newlines = 0;
        int from = 0;
        for (int i = 0, n = text.length(); i <= n; i++) {
            if (i < n && text.charAt(i) != '\n') continue;
            if (i < n) newlines++;
            if (PyStr.stripStart(text, from, i) < i) {
                if (2 * lines + 2 > spans.length) spans = java.util.Arrays.copyOf(spans, spans.length * 2);
                spans[2 * lines] = from;
                spans[2 * lines + 1] = i;
                lines++;
            }
            from = i + 1;
        }
        if (lines == 0) return Verdict.drop(EMPTY);

        int punctuated = 0;
        int shortLines = 0;
        for (int l = 0; l < lines; l++) {
            int start = spans[2 * l];
            int end = spans[2 * l + 1];
            if (endsWithStopChar(text, start, end)) punctuated++;
            if (doc.length(start, end) <= settings.shortLineLength()) shortLines++;
        }
        double punctRatio = (double) punctuated / lines;
        if (punctRatio < settings.linePunctThr() && !(punctRatio == 0 && settings.linePunctExcludeZero())) {
            return Verdict.drop(LINE_PUNCT_RATIO);
        }
        if ((double) shortLines / lines > settings.shortLineThr()) return Verdict.drop(SHORT_LINE_RATIO);

        long nonNewline = doc.length() - newlines;
        Duplicates dups = Duplicates.of(doc, spans, lines);
        if (nonNewline > 0 && (double) dups.chars / nonNewline > settings.charDuplicatesRatio()) {
            return Verdict.drop(CHAR_DUP_RATIO);
        }

        int words = doc.tokens().count();
        if (words > 0 && (double) newlines / words > settings.newLineRatio()) return Verdict.drop(LIST_RATIO);
        return Verdict.KEEP;
    }

    private boolean endsWithStopChar(String text, int start, int end) {
        if (stopChars == null) return TerminalPunctuation.contains(Character.codePointBefore(text, end));
        for (String stop : stopChars) {
            if (PyStr.endsWith(text, start, end, stop)) return true;
        }
        return false;
    }
}
