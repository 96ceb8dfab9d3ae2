package org.sparkharness.data.text.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdPlanTest {

    /** A partition of {@code docs} documents that read {@code lines} lines of {@code file}. */
    private static PartitionStats partition(String file, long docs, long lines) {
        PartitionStats s = new PartitionStats();
        for (long i = 0; i < lines; i++) {
            s.add(i < docs ? Record.doc(file, i, "src", "text", 0) : Record.corrupt(file, i, "bad", 0));
        }
        return s;
    }

    @Test
    void idsStartAfterTheDocumentsOfEarlierPartitions() {
        IdPlan plan = IdPlan.of(List.of(partition("a", 3, 4), partition("a", 0, 2), partition("b", 5, 5)),
                Long.MAX_VALUE);
        assertEquals(0, plan.firstDocument(0));
        assertEquals(3, plan.firstDocument(1));
        assertEquals(3, plan.firstDocument(2));
        assertEquals(8, plan.documents());
        assertEquals(-1, plan.cutPartition());
        assertEquals(5, plan.documentsToEmit(2));
    }

    @Test
    void lineNumbersContinueAcrossSplitsOfTheSameFile() {
        IdPlan plan = IdPlan.of(List.of(partition("a", 3, 4), partition("a", 1, 2), partition("b", 1, 1),
                partition("a", 1, 1)), Long.MAX_VALUE);
        assertEquals("a:1", plan.location(0, Record.doc("a", 0, "s", "t", 0)));
        assertEquals("a:6", plan.location(1, Record.doc("a", 1, "s", "t", 0)), "4 lines before, 2nd line here");
        assertEquals("b:1", plan.location(2, Record.doc("b", 0, "s", "t", 0)));
        assertEquals("a:7", plan.location(3, Record.doc("a", 0, "s", "t", 0)));
        assertEquals("x.json", plan.location(0, Record.doc("x.json", -1, "s", "t", 0)));
        assertEquals("a:2#id-9", plan.location(0, Record.doc("a", 1, "s", "t", 0).withTag("id-9")));
    }

    @Test
    void aLimitCutsThePartitionHoldingTheLastWantedDocument() {
        IdPlan plan = IdPlan.of(List.of(partition("a", 3, 3), partition("a", 4, 4), partition("a", 2, 2)), 5);
        assertEquals(1, plan.cutPartition());
        assertEquals(3, plan.documentsToEmit(0));
        assertEquals(2, plan.documentsToEmit(1));
        assertEquals(0, plan.documentsToEmit(2));
        assertEquals(5, plan.documents());

        IdPlan exact = IdPlan.of(List.of(partition("a", 3, 3), partition("a", 4, 4)), 7);
        assertEquals(-1, exact.cutPartition(), "a limit equal to the total cuts nothing");
        IdPlan empty = IdPlan.of(List.of(partition("a", 0, 3), partition("a", 4, 4)), 2);
        assertEquals(1, empty.cutPartition());
        assertEquals(0, empty.firstDocument(1));
    }

    @Test
    void statsCountRecordsAndStopAtTheRequestedDocument() {
        List<Record> records = List.of(Record.doc("f", 0, "x", "ab😀", 1), Record.corrupt("f", 1, "bad", 2),
                Record.skipped("f", 2), Record.doc("f", 3, "y", "c", 0), Record.doc("f", 4, "x", "d", 0));
        PartitionStats all = PartitionStats.of(records.iterator());
        assertEquals(5, all.records);
        assertEquals(3, all.documents);
        assertEquals(1, all.corrupt);
        assertEquals(1, all.skipped);
        assertEquals(3, all.replacedChars);
        assertEquals(5, all.characters, "code points: the emoji is one");
        assertEquals(5L, all.linesPerFile.get("f"));
        assertEquals(2L, all.documentsPerSource.get("x"));

        PartitionStats two = PartitionStats.of(records.iterator(), 2);
        assertEquals(4, two.records, "up to and including the 2nd document");
        assertEquals(2, two.documents);
        assertEquals(1, two.corrupt);
    }
}
