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

/**
 * Defaults from docs/algorithms/data-pipeline.md §2, Jackson binding (JSON here; YAML binds the same tree),
 * validation paths.
 */
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
        assertEquals(0.5, GopherRepetitionSettings.nemo().withDupLineFrac(0.5).dupLineFrac());
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
        FilterSettings s = FilterSettings.defaults().withFilters(List.of("fineweb", "gopher_repetition"))
                .withGopherRepetition(GopherRepetitionSettings.nemo())
                .withFineweb(FineWebSettings.defaults().withStopChars(List.of(".", "\u3002")).withShortLineLength(25))
                .withSamplesPerReason(3);
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
        invalid("samplesPerReason", () -> FilterSettings.defaults().withSamplesPerReason(-1));
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
        invalid("minDocWords", () -> GopherQualitySettings.defaults().withMinDocWords(-1));
        invalid("maxDocWords", () -> GopherQualitySettings.defaults().withMinDocWords(60).withMaxDocWords(50));
        invalid("maxAvgWordLength", () -> GopherQualitySettings.defaults().withMinAvgWordLength(4.0)
                .withMaxAvgWordLength(3.0));
        invalid("maxSymbolWordRatio", () -> GopherQualitySettings.defaults().withMaxSymbolWordRatio(Double.NaN));
        invalid("maxBulletLinesRatio", () -> GopherQualitySettings.defaults().withMaxBulletLinesRatio(1.1));
        invalid("stopWords[1]", () -> GopherQualitySettings.defaults().withStopWords(List.of("a", " ")));
        invalid("stopWords[0]", () -> GopherQualitySettings.defaults()
                .withStopWords(java.util.Arrays.asList(null, "a")));
        invalid("filters[0]", () -> FilterSettings.defaults().withFilters(java.util.Arrays.asList((String) null)));
        invalid("minStopWords", () -> GopherQualitySettings.defaults().withMinStopWords(3)
                .withStopWords(List.of("a", "b", "a")));

        invalid("preset", () -> new GopherRepetitionSettings("strict", null, null, null, null, null, null));
        invalid("dupLineFrac", () -> GopherRepetitionSettings.defaults().withDupLineFrac(-0.1));
        invalid("topNGrams", () -> GopherRepetitionSettings.defaults().withTopNGrams(new TreeMap<>(Map.of(0, 0.2))));
        invalid("dupNGrams.5", () -> GopherRepetitionSettings.defaults().withDupNGrams(new TreeMap<>(Map.of(5, -1.0))));

        invalid("minNumSentences", () -> C4Settings.defaults().withMinNumSentences(-2));
        invalid("minWordsPerLine", () -> C4Settings.defaults().withMinWordsPerLine(-5));
        invalid("maxWordLength", () -> C4Settings.defaults().withMaxWordLength(0));

        invalid("linePunctThr", () -> FineWebSettings.defaults().withLinePunctThr(-0.1));
        invalid("stopChars[0]", () -> FineWebSettings.defaults().withStopChars(List.of("")));
        invalid("shortLineLength", () -> FineWebSettings.defaults().withShortLineLength(-1));
        invalid("shortLineThr", () -> FineWebSettings.defaults().withShortLineThr(2.0));
        invalid("charDuplicatesRatio", () -> FineWebSettings.defaults()
                .withCharDuplicatesRatio(Double.POSITIVE_INFINITY));
        invalid("newLineRatio", () -> FineWebSettings.defaults().withNewLineRatio(-1.0));
    }
}
