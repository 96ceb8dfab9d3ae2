package org.sparkharness.data.text.filter;

import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Thresholds of {@link GopherRepetitionFilter} (Rae et al. 2021, Table A1; datatrove
 * {@code GopherRepetitionFilter} @a649de7). Every rule drops when its fraction is strictly above the threshold; as
 * in datatrove a line or paragraph fraction of 0 switches its rule off; an n-gram rule is off when its n is absent from
 * the map (an n-gram threshold of 0 drops every document with a repeat, as in datatrove).
 *
 * @param preset          {@code datatrove} (default: 0.3 / 0.3 / 0.2 / 0.2) or {@code nemo} (NeMo Curator
 *                        {@code heuristic_filter_en.yaml}: 0.7 / 0.7 / 0.8 / 0.8); supplies the four line and
 *                        paragraph thresholds left unset. The n-gram thresholds are the same in both.
 * @param dupParaFrac     duplicate paragraphs / paragraphs
 * @param dupParaCharFrac characters of duplicate paragraphs / characters of the text
 * @param dupLineFrac     duplicate lines / lines
 * @param dupLineCharFrac characters of duplicate lines / characters of the text
 * @param topNGrams       n → threshold for (length × count of the most frequent n-gram) / characters; default
 *                        {2: 0.20, 3: 0.18, 4: 0.16}
 * @param dupNGrams       n → threshold for characters in repeated n-grams / characters; default {5: 0.15, 6: 0.14,
 *                        7: 0.13, 8: 0.12, 9: 0.11, 10: 0.10}
 */
public record GopherRepetitionSettings(
        String preset,
        Double dupParaFrac,
        Double dupParaCharFrac,
        Double dupLineFrac,
        Double dupLineCharFrac,
        SortedMap<Integer, Double> topNGrams,
        SortedMap<Integer, Double> dupNGrams) implements Serializable {

    public static final List<String> PRESETS = List.of("datatrove", "nemo");

    /** Fills the defaults (from the preset) and validates; a {@link ConfigException} names the field. */
    public GopherRepetitionSettings {
        preset = Checks.orDefault(preset, "datatrove");
        if (!PRESETS.contains(preset)) throw new ConfigException("preset", preset, "unknown preset; allowed: " + PRESETS);
        boolean nemo = preset.equals("nemo");
        dupParaFrac = Check.inClosed("dupParaFrac", Checks.orDefault(dupParaFrac, nemo ? 0.7 : 0.3), 0, 1);
        dupParaCharFrac = Check.inClosed("dupParaCharFrac", Checks.orDefault(dupParaCharFrac, nemo ? 0.8 : 0.2), 0, 1);
        dupLineFrac = Check.inClosed("dupLineFrac", Checks.orDefault(dupLineFrac, nemo ? 0.7 : 0.3), 0, 1);
        dupLineCharFrac = Check.inClosed("dupLineCharFrac", Checks.orDefault(dupLineCharFrac, nemo ? 0.8 : 0.2), 0, 1);
        topNGrams = nGrams("topNGrams", topNGrams, Map.of(2, 0.20, 3, 0.18, 4, 0.16));
        dupNGrams = nGrams("dupNGrams", dupNGrams, Map.of(5, 0.15, 6, 0.14, 7, 0.13, 8, 0.12, 9, 0.11, 10, 0.10));
    }

    private static SortedMap<Integer, Double> nGrams(String path, Map<Integer, Double> given, Map<Integer, Double> fallback) {
        TreeMap<Integer, Double> out = new TreeMap<>(given == null ? fallback : given);
        for (Map.Entry<Integer, Double> e : out.entrySet()) {
            String at = path + "." + e.getKey();
            if (e.getKey() == null || e.getKey() < 1 || e.getKey() > 1000) {
                throw new ConfigException(path, e.getKey(), "n must be in [1, 1000]");
            }
            Check.nonNegative(at, Check.required(at, e.getValue()));
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /** datatrove's thresholds. */
    public static GopherRepetitionSettings defaults() {
        return new GopherRepetitionSettings(null, null, null, null, null, null, null);
    }

    /** NeMo Curator's looser line and paragraph thresholds with the same n-gram ones. */
    public static GopherRepetitionSettings nemo() {
        return new GopherRepetitionSettings("nemo", null, null, null, null, null, null);
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    // The preset has none: it picks the other fields' defaults, so start from defaults() or nemo().
    public GopherRepetitionSettings withDupParaFrac(double dupParaFrac) {
        return new GopherRepetitionSettings(preset, dupParaFrac, dupParaCharFrac, dupLineFrac, dupLineCharFrac,
                topNGrams, dupNGrams);
    }

    public GopherRepetitionSettings withDupParaCharFrac(double dupParaCharFrac) {
        return new GopherRepetitionSettings(preset, dupParaFrac, dupParaCharFrac, dupLineFrac, dupLineCharFrac,
                topNGrams, dupNGrams);
    }

    public GopherRepetitionSettings withDupLineFrac(double dupLineFrac) {
        return new GopherRepetitionSettings(preset, dupParaFrac, dupParaCharFrac, dupLineFrac, dupLineCharFrac,
                topNGrams, dupNGrams);
    }

    public GopherRepetitionSettings withDupLineCharFrac(double dupLineCharFrac) {
        return new GopherRepetitionSettings(preset, dupParaFrac, dupParaCharFrac, dupLineFrac, dupLineCharFrac,
                topNGrams, dupNGrams);
    }

    public GopherRepetitionSettings withTopNGrams(SortedMap<Integer, Double> topNGrams) {
        return new GopherRepetitionSettings(preset, dupParaFrac, dupParaCharFrac, dupLineFrac, dupLineCharFrac,
                topNGrams, dupNGrams);
    }

    public GopherRepetitionSettings withDupNGrams(SortedMap<Integer, Double> dupNGrams) {
        return new GopherRepetitionSettings(preset, dupParaFrac, dupParaCharFrac, dupLineFrac, dupLineCharFrac,
                topNGrams, dupNGrams);
    }
}
