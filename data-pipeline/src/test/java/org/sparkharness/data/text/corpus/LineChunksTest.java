package org.sparkharness.data.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LineChunksTest {

    private static List<String> texts(List<Record> records) {
        return records.stream().map(r -> r.text).collect(Collectors.toList());
    }

    @Test
    void aFinalNewlineLeavesAnEmptyLastPieceLikePythonSplit() {
        List<Record> docs = LineChunks.chunks("f", "a\nb\nc\n", 2, "jargon", 0);
        assertEquals(List.of("a\nb", "c\n"), texts(docs));
        assertEquals(List.of(0L, 2L), docs.stream().map(r -> r.line).collect(Collectors.toList()));
        assertEquals(List.of(2L, 1L), docs.stream().map(r -> r.units).collect(Collectors.toList()),
                "the empty piece is not a line");
    }

    @Test
    void withoutAFinalNewlineEveryPieceIsALine() {
        List<Record> docs = LineChunks.chunks("f", "a\nb\nc", 2, "jargon", 0);
        assertEquals(List.of("a\nb", "c"), texts(docs));
        assertEquals(3, docs.stream().mapToLong(r -> r.units).sum());
    }

    @Test
    void chunksJoinBackToTheText() {
        String text = "l1\n\nl3\r\nl4\n\n\nl7\n";
        for (int k = 1; k <= 9; k++) {
            assertEquals(text, String.join("\n", texts(LineChunks.chunks("f", text, k, "j", 0))), "k=" + k);
        }
    }

    @Test
    void replacementsAreAttributedToTheFirstChunkAndTheSourceIsKept() {
        List<Record> docs = LineChunks.chunks("f", "a\nb\nc", 1, "src", 4);
        assertEquals(List.of(4L, 0L, 0L), docs.stream().map(r -> r.replacedChars).collect(Collectors.toList()));
        assertEquals("src", docs.get(2).source);
        assertEquals(List.of(""), texts(LineChunks.chunks("f", "", 40, "j", 0)), "an empty file is one empty chunk");
    }
}
