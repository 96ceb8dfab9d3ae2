package org.sparkharness.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.sparkharness.data.noise.NoiseSettings;
import org.sparkharness.data.prune.PruneMethod;
import org.sparkharness.data.prune.PruneSettings;
import org.sparkharness.data.score.GrandMode;
import org.sparkharness.data.score.ScoreSettings;
import org.sparkharness.data.text.corpus.CorpusConfig;
import org.sparkharness.data.text.corpus.CorpusInput;
import org.sparkharness.data.text.dedup.ExactDedupSettings;
import org.sparkharness.data.text.dedup.NearDedupSettings;
import org.sparkharness.data.text.dedup.SignatureMode;
import org.sparkharness.data.text.dedup.TextNormalisation;
import org.sparkharness.data.text.dedup.TextSimplification;
import org.sparkharness.data.text.filter.C4Settings;
import org.sparkharness.data.text.filter.FilterSettings;
import org.sparkharness.data.text.filter.FineWebSettings;
import org.sparkharness.data.text.filter.GopherQualitySettings;
import org.sparkharness.data.text.filter.GopherRepetitionSettings;
import org.sparkharness.executors.model.LeNetSpec;

/**
 * {@code defaults()}, {@code of(...)} and the {@code with...} copies build the same settings as the canonical
 * constructor given nulls for the fields left at their defaults (the form YAML binds), also where one field's default
 * depends on another (the Gopher preset, the corpus format, the pruning offset).
 */
class SettingsCopiesTest {

    @Test
    void scoringAndPruningCopiesEqualTheCanonicalConstruction() {
        assertEquals(new ScoreSettings(new LeNetSpec(null, null, null), 2, null, 64, null, null, null, 7L,
                        GrandMode.NONE, null, 0.1, 3L, true, 4),
                ScoreSettings.defaults().withModel(LeNetSpec.defaults()).withRuns(2).withBatchSize(64).withSeed(7L)
                        .withGrand(GrandMode.NONE).withLabelNoise(0.1).withNoiseSeed(3L).withMeasureOverhead(true)
                        .withScorePartitions(4));
        PruneSettings perClass = PruneSettings.of(PruneMethod.HARDEST, 0.2).withPerClass(true).withSeed(3L);
        assertEquals(new PruneSettings(PruneMethod.HARDEST, null, 0.2, null, true, null, null, 3L), perClass);
        assertEquals(20, perClass.offsetCount(1000), "the offset stays unset, so it still follows keep");
        assertEquals(new NoiseSettings("loss", null), NoiseSettings.defaults().withScore("loss"));
    }

    @Test
    void textCopiesEqualTheCanonicalConstruction() {
        assertEquals(new GopherRepetitionSettings("nemo", null, null, 0.5, null, null, null),
                GopherRepetitionSettings.nemo().withDupLineFrac(0.5));
        TreeMap<Integer, Double> top = new TreeMap<>(Map.of(2, 0.3));
        assertEquals(new GopherRepetitionSettings(null, 0.4, null, null, null, top, null),
                GopherRepetitionSettings.defaults().withDupParaFrac(0.4).withTopNGrams(top));
        assertEquals(new GopherQualitySettings(10, null, null, null, null, null, null, null, 1, List.of("a")),
                GopherQualitySettings.defaults().withMinDocWords(10).withMinStopWords(1).withStopWords(List.of("a")));
        FineWebSettings fineweb = new FineWebSettings(null, true, List.of("."), 25, null, null, null);
        assertEquals(fineweb, FineWebSettings.defaults().withLinePunctExcludeZero(true).withStopChars(List.of("."))
                .withShortLineLength(25));
        assertEquals(new FilterSettings(List.of("c4"), null, null, new C4Settings(null, true, -1, null, null, null,
                        false, null, null), fineweb, 3, null),
                FilterSettings.defaults().withFilters(List.of("c4")).withC4(C4Settings.defaults()
                        .withFilterNoTerminalPunct(true).withMinNumSentences(-1).withFilterJavascript(false))
                        .withFineweb(fineweb).withSamplesPerReason(3));
        assertEquals(new NearDedupSettings(null, 20, 10, null, SignatureMode.MLLIB, null,
                        new TextSimplification(false, null, null, null, null, true, null), false, null, 64, null, null),
                NearDedupSettings.defaults().withBands(20).withRows(10).withSignatures(SignatureMode.MLLIB)
                        .withSimplification(TextSimplification.defaults().withLowercase(false).withNormWeekdays(true))
                        .withVerify(false).withMaxBucketForAllPairs(64));
        assertEquals(new ExactDedupSettings(new TextNormalisation(true, null), 5),
                ExactDedupSettings.defaults().withNormalisation(TextNormalisation.defaults().withLowercase(true))
                        .withSampleSize(5));
    }

    @Test
    void corpusCopiesKeepTheDefaultsThatFollowTheFormat() {
        assertEquals(new CorpusInput("parquet", "p", null, 5L, null, "body", null, null, null),
                CorpusInput.of("parquet", "p").withLimit(5L).withTextField("body"));
        assertEquals(new CorpusInput("jargon", "j", null, null, null, null, null, null, 2),
                CorpusInput.of("jargon", "j").withLinesPerDoc(2));
        List<CorpusInput> inputs = List.of(CorpusInput.of("text", "t"));
        assertEquals(new CorpusConfig(inputs, 10L), CorpusConfig.defaults().withInputs(inputs).withLimit(10L));
    }
}
