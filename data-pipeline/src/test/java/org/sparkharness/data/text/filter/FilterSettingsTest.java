package org.sparkharness.data.text.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.sparkharness.data.text.words.RegexWordTokenizer;
import org.sparkharness.optimizers.config.ConfigException;

/** Defaults from data-pipeline.md §2, Jackson binding (JSON here; YAML binds the same tree), validation paths. */
class FilterSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConfigException invalid(String path, Executable construct) {
        ConfigException e = assertThrows(ConfigException.class, construct);
        assertEquals(path, e.path(), e.getMessage());
        return e;
    }

    /** The ConfigException a record constructor threw while Jackson bound {@code json}. */
    private static ConfigException invalidJson(String json) {
        ValueInstantiationException e = assertThrows(ValueInstantiationException.class,
                () -> JSON.readValue(json, FilterSettings.class));
        return assertInstanceOf(ConfigException.class, e.getCause());
    }

    @Test
    void defaultsAreTheSpecThresholds() {
        FilterSettings s = FilterSettings.defaults();
        assertEquals(List.of("gopher_repetition", "gopher_quality", "c4", "fineweb"), s.filters());
        assertEquals(20, s.samplesPerReason());
        assertEquals("regex", s.tokenizer());
        GopherQualitySettings q = s.gopherQuality();
        assertEquals(List.of(50, 100_000, 2), List.of(q.minDocWords(), q.maxDocWords(), q.minStopWords()));
        assertEquals(List.of(3.0, 10.0, 0.1, 0.9, 0.3, 0.8), List.of(q.minAvgWordLength(), q.maxAvgWordLength(),
                q.maxSymbolWordRatio(), q.maxBulletLinesRatio(), q.maxEllipsisLinesRatio(), q.minAlphaWordsRatio()));
        assertEquals(List.of("the", "be", "to", "of", "and", "that", "have", "with"), q.stopWords());
        GopherRepetitionSettings r = s.gopherRepetition();
        assertEquals(List.of(0.3, 0.2, 0.3, 0.2), List.of(r.dupParaFrac(), r.dupParaCharFrac(), r.dupLineFrac(),
                r.dupLineCharFrac()));
        assertEquals(Map.of(2, 0.2, 3, 0.18, 4, 0.16), r.topNGrams());
        assertEquals(Map.of(5, 0.15, 6, 0.14, 7, 0.13, 8, 0.12, 9, 0.11, 10, 0.10), r.dupNGrams());
        C4Settings c = s.c4();
        assertEquals(false, c.filterNoTerminalPunct());
        assertEquals(List.of(5, 3, 1000), List.of(c.minNumSentences(), c.minWordsPerLine(), c.maxWordLength()));
        FineWebSettings f = s.fineweb();
        assertEquals(List.of(0.12, 0.67, 0.01, 0.3), List.of(f.linePunctThr(), f.shortLineThr(), f.charDuplicatesRatio(),
                f.newLineRatio()));
        assertEquals(30, f.shortLineLength());
    }

    @Test
    void nemoPresetLoosensLineAndParagraphRulesOnly() {
        GopherRepetitionSettings n = GopherRepetitionSettings.nemo();
        assertEquals(List.of(0.7, 0.8, 0.7, 0.8), List.of(n.dupParaFrac(), n.dupParaCharFrac(), n.dupLineFrac(),
                n.dupLineCharFrac()));
        assertEquals(GopherRepetitionSettings.defaults().topNGrams(), n.topNGrams());
        assertEquals(GopherRepetitionSettings.defaults().dupNGrams(), n.dupNGrams());
        assertEquals(0.5, new GopherRepetitionSettings("nemo", null, null, 0.5, null, null, null).dupLineFrac());
    }

    @Test
    void bindsFamiliesByNameAndSettingsByField() throws Exception {
        FilterSettings s = JSON.readValue("{\"filters\": [\"c4\", \"gopher_quality\"], "
                + "\"gopherQuality\": {\"minWords\": 40, \"stopWords\": [\"der\", \"die\", \"das\"]}, "
                + "\"gopherRepetition\": {\"preset\": \"nemo\", \"topNGrams\": {\"2\": 0.25}}, "
                + "\"c4\": {\"filterNoTerminalPunct\": true}, \"samplesPerReason\": 5, \"tokenizer\": \"regex_python\"}",
                FilterSettings.class);
        assertEquals(List.of(FilterFamily.C4, FilterFamily.GOPHER_QUALITY), s.families());
        assertEquals(40, s.gopherQuality().minDocWords());
        assertEquals(100_000, s.gopherQuality().maxDocWords());
        assertEquals(List.of("der", "die", "das"), s.gopherQuality().stopWords());
        assertEquals(0.7, s.gopherRepetition().dupLineFrac());
        assertEquals(new TreeMap<>(Map.of(2, 0.25)), s.gopherRepetition().topNGrams());
        assertEquals(true, s.c4().filterNoTerminalPunct());
        assertEquals(5, s.samplesPerReason());
        assertEquals(RegexWordTokenizer.PYTHON_RE, s.wordTokenizer());
        assertEquals(List.of("c4", "gopher_quality"), FilterChain.of(s).filters().stream().map(QualityFilter::family).toList());
    }

    @Test
    void resolvedSettingsRoundTripThroughJson() throws Exception {
        FilterSettings s = new FilterSettings(List.of("fineweb", "gopher_repetition"), GopherRepetitionSettings.nemo(),
                null, null, new FineWebSettings(null, null, List.of(".", "\u3002"), 25, null, null, null), 3, null);
        String json = JSON.writeValueAsString(s);
        assertEquals(s, JSON.readValue(json, FilterSettings.class));
        assertTrue(json.contains("\"minDocWords\":50"), json);
    }

    @Test
    void unknownFamilyListsTheAllowedNames() {
        ConfigException e = invalidJson("{\"filters\": [\"gopher_quality\", \"gopher\"]}");
        assertEquals("filters[1]", e.path());
        assertTrue(e.getMessage().contains("[gopher_repetition, gopher_quality, c4, fineweb]"), e.getMessage());
        invalid("filters[1]", () -> FilterSettings.only("c4", "c4"));
        invalid("filters", () -> FilterSettings.only());
        invalid("samplesPerReason", () -> new FilterSettings(null, null, null, null, null, -1, null));
        ConfigException t = invalid("tokenizer", () -> FilterSettings.defaults().withTokenizer("nltk"));
        assertTrue(t.getMessage().contains("[regex, regex_python]"), t.getMessage());
    }

    @Test
    void unknownFieldsAreErrors() {
        assertThrows(UnrecognizedPropertyException.class,
                () -> JSON.readValue("{\"gopherQuality\": {\"minWordz\": 3}}", FilterSettings.class));
    }

    @Test
    void badThresholdsNameTheirField() {
        assertEquals("minAlphaWordsRatio", invalidJson("{\"gopherQuality\": {\"minAlphaWordsRatio\": 1.5}}").path());
        invalid("minDocWords", () -> new GopherQualitySettings(-1, null, null, null, null, null, null, null, null, null));
        invalid("maxDocWords", () -> new GopherQualitySettings(60, 50, null, null, null, null, null, null, null, null));
        invalid("maxAvgWordLength", () -> new GopherQualitySettings(null, null, 4.0, 3.0, null, null, null, null, null, null));
        invalid("maxSymbolWordRatio", () -> new GopherQualitySettings(null, null, null, null, Double.NaN, null, null, null, null, null));
        invalid("maxBulletLinesRatio", () -> new GopherQualitySettings(null, null, null, null, null, 1.1, null, null, null, null));
        invalid("stopWords[1]", () -> new GopherQualitySettings(null, null, null, null, null, null, null, null, null, List.of("a", " ")));
        invalid("stopWords[0]", () -> new GopherQualitySettings(null, null, null, null, null, null, null, null, null,
                java.util.Arrays.asList(null, "a")));
        invalid("filters[0]", () -> new FilterSettings(java.util.Arrays.asList((String) null), null, null, null, null, null, null));
        invalid("minStopWords", () -> new GopherQualitySettings(null, null, null, null, null, null, null, null, 3, List.of("a", "b", "a")));

        invalid("preset", () -> new GopherRepetitionSettings("strict", null, null, null, null, null, null));
        invalid("dupLineFrac", () -> new GopherRepetitionSettings(null, null, null, -0.1, null, null, null));
        invalid("topNGrams", () -> new GopherRepetitionSettings(null, null, null, null, null, new TreeMap<>(Map.of(0, 0.2)), null));
        invalid("dupNGrams.5", () -> new GopherRepetitionSettings(null, null, null, null, null, null, new TreeMap<>(Map.of(5, -1.0))));

        invalid("minNumSentences", () -> new C4Settings(null, null, -2, null, null, null, null, null, null));
        invalid("minWordsPerLine", () -> new C4Settings(null, null, null, -5, null, null, null, null, null));
        invalid("maxWordLength", () -> new C4Settings(null, null, null, null, 0, null, null, null, null));

        invalid("linePunctThr", () -> new FineWebSettings(-0.1, null, null, null, null, null, null));
        invalid("stopChars[0]", () -> new FineWebSettings(null, null, List.of(""), null, null, null, null));
        invalid("shortLineLength", () -> new FineWebSettings(null, null, null, -1, null, null, null));
        invalid("shortLineThr", () -> new FineWebSettings(null, null, null, null, 2.0, null, null));
        invalid("charDuplicatesRatio", () -> new FineWebSettings(null, null, null, null, null, Double.POSITIVE_INFINITY, null));
        invalid("newLineRatio", () -> new FineWebSettings(null, null, null, null, null, null, -1.0));
    }
}
