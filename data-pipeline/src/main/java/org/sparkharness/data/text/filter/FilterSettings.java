package org.sparkharness.data.text.filter;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sparkharness.data.text.words.RegexWordTokenizer;
import org.sparkharness.data.text.words.WordTokenizer;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Which filter families run, in which order, with which thresholds. YAML form:
 * <pre>
 * filters: [gopher_repetition, gopher_quality, c4, fineweb]
 * gopherQuality: {minDocWords: 50}
 * gopherRepetition: {preset: nemo}
 * samplesPerReason: 20
 * </pre>
 * Settings of a family that is not listed are kept (and recorded) but unused.
 *
 * @param filters          family names in chain order; default the FineWeb order of docs/algorithms/data-pipeline.md
 *                         §7.1: gopher_repetition, gopher_quality, c4, fineweb
 * @param gopherRepetition thresholds; default {@link GopherRepetitionSettings#defaults()}
 * @param gopherQuality    thresholds; default {@link GopherQualitySettings#defaults()}
 * @param c4               options; default {@link C4Settings#defaults()}
 * @param fineweb          thresholds; default {@link FineWebSettings#defaults()}
 * @param samplesPerReason dropped documents kept as samples per reason in the stats; default 20, {@code >= 0}
 * @param tokenizer        {@code regex} (default: {@link RegexWordTokenizer#INSTANCE}, the pinned Java Unicode
 *                         classes) or {@code regex_python} ({@link RegexWordTokenizer#PYTHON_RE}, Python {@code re}
 *                         classes as in the reference port)
 */
public record FilterSettings(
        List<String> filters,
        GopherRepetitionSettings gopherRepetition,
        GopherQualitySettings gopherQuality,
        C4Settings c4,
        FineWebSettings fineweb,
        Integer samplesPerReason,
        String tokenizer) implements Serializable {

    /** Tokenizer config names. */
    public static final List<String> TOKENIZERS = List.of("regex", "regex_python");

    /** Fills the defaults and validates; a {@link ConfigException} names the field. */
    public FilterSettings {
        filters = Checks.orDefault(filters, FilterFamily.names());
        if (filters.isEmpty()) throw new ConfigException("filters", "[]", "must name at least one of " + FilterFamily.names());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < filters.size(); i++) {
            FilterFamily.byName("filters[" + i + "]", filters.get(i));
            if (!seen.add(filters.get(i))) throw new ConfigException("filters[" + i + "]", filters.get(i), "is listed twice");
        }
        filters = List.copyOf(filters);
        gopherRepetition = Checks.orDefault(gopherRepetition, GopherRepetitionSettings.defaults());
        gopherQuality = Checks.orDefault(gopherQuality, GopherQualitySettings.defaults());
        c4 = Checks.orDefault(c4, C4Settings.defaults());
        fineweb = Checks.orDefault(fineweb, FineWebSettings.defaults());
        samplesPerReason = Checks.atLeast("samplesPerReason", Checks.orDefault(samplesPerReason, 20), 0);
        tokenizer = Checks.orDefault(tokenizer, "regex");
        if (!TOKENIZERS.contains(tokenizer)) {
            throw new ConfigException("tokenizer", tokenizer, "unknown tokenizer; allowed: " + TOKENIZERS);
        }
    }

    /** All four families in the FineWeb order with their default thresholds. */
    public static FilterSettings defaults() {
        return new FilterSettings(null, null, null, null, null, null, null);
    }

    /** The defaults with only {@code families} (config names) in that order. */
    public static FilterSettings only(String... families) {
        return new FilterSettings(List.of(families), null, null, null, null, null, null);
    }

    /** The tokenizer named by {@link #tokenizer()}. */
    public WordTokenizer wordTokenizer() {
        return tokenizer.equals("regex_python") ? RegexWordTokenizer.PYTHON_RE : RegexWordTokenizer.INSTANCE;
    }

    /** The same settings with another tokenizer (a name of {@link #TOKENIZERS}). */
    public FilterSettings withTokenizer(String name) {
        return new FilterSettings(filters, gopherRepetition, gopherQuality, c4, fineweb, samplesPerReason, name);
    }

    /** The chain's families, in order. */
    public List<FilterFamily> families() {
        return filters.stream().map(name -> FilterFamily.byName("filters", name)).toList();
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public FilterSettings withFilters(List<String> filters) {
        return new FilterSettings(filters, gopherRepetition, gopherQuality, c4, fineweb, samplesPerReason, tokenizer);
    }

    public FilterSettings withGopherRepetition(GopherRepetitionSettings gopherRepetition) {
        return new FilterSettings(filters, gopherRepetition, gopherQuality, c4, fineweb, samplesPerReason, tokenizer);
    }

    public FilterSettings withGopherQuality(GopherQualitySettings gopherQuality) {
        return new FilterSettings(filters, gopherRepetition, gopherQuality, c4, fineweb, samplesPerReason, tokenizer);
    }

    public FilterSettings withC4(C4Settings c4) {
        return new FilterSettings(filters, gopherRepetition, gopherQuality, c4, fineweb, samplesPerReason, tokenizer);
    }

    public FilterSettings withFineweb(FineWebSettings fineweb) {
        return new FilterSettings(filters, gopherRepetition, gopherQuality, c4, fineweb, samplesPerReason, tokenizer);
    }

    public FilterSettings withSamplesPerReason(int samplesPerReason) {
        return new FilterSettings(filters, gopherRepetition, gopherQuality, c4, fineweb, samplesPerReason, tokenizer);
    }
}
