package org.sparkharness.data.text.filter;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.sparkharness.data.text.words.WordTokenizer;

/**
 * The configured filters in order, applied to one text at a time: the first failing rule names the drop
 * (docs/algorithms/data-pipeline.md §7.3), a filter that rewrites the text (C4) hands the new text to the next ones.
 * Pure and serialisable, so a Spark task can carry it; no Spark types.
 */
public final class FilterChain implements Serializable {
    private static final long serialVersionUID = 1L;

    private final FilterSettings settings;
    private final WordTokenizer tokenizer;
    private final List<QualityFilter> filters;

    /**
     * What the chain made of one text.
     *
     * @param reason the first failing rule, or null when the document is kept
     * @param text   the output text when kept (C4 may have dropped lines), the input text when dropped
     */
    public record Outcome(String reason, String text) implements Serializable {
        public boolean kept() {
            return reason == null;
        }
    }

    public FilterChain(FilterSettings settings, WordTokenizer tokenizer) {
        this.settings = settings;
        this.tokenizer = tokenizer;
        List<QualityFilter> built = new ArrayList<>();
        for (FilterFamily family : settings.families()) built.add(build(family, settings));
        this.filters = List.copyOf(built);
    }

    /** The chain of {@code settings} with the tokenizer they name. */
    public static FilterChain of(FilterSettings settings) {
        return new FilterChain(settings, settings.wordTokenizer());
    }

    private static QualityFilter build(FilterFamily family, FilterSettings s) {
        switch (family) {
            case GOPHER_REPETITION:
                return new GopherRepetitionFilter(s.gopherRepetition());
            case GOPHER_QUALITY:
                return new GopherQualityFilter(s.gopherQuality());
            case C4:
                return new C4QualityFilter(s.c4());
            case FINEWEB:
                return new FineWebQualityFilter(s.fineweb());
            default:
                throw new IllegalArgumentException("no filter for " + family);
        }
    }

    public Outcome apply(String text) {
        Doc doc = Doc.of(text, tokenizer);
        for (QualityFilter filter : filters) {
            Verdict verdict = filter.check(doc);
            if (!verdict.kept()) return new Outcome(verdict.reason(), text);
            if (verdict.text() != null) doc = doc.withText(verdict.text());
        }
        return new Outcome(null, doc.text());
    }

    public FilterSettings settings() {
        return settings;
    }

    public WordTokenizer tokenizer() {
        return tokenizer;
    }

    public List<QualityFilter> filters() {
        return filters;
    }

    /** Every reason the chain can return, in chain and rule order. */
    public List<String> reasons() {
        List<String> all = new ArrayList<>();
        for (QualityFilter f : filters) all.addAll(f.reasons());
        return all;
    }
}
