package org.sparkharness.data.text.corpus;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the first pass learns about one partition: document count (for id offsets), lines read per file (for line
 * numbers of later partitions of the same file), and the counts and first corrupt records of the report.
 */
final class PartitionStats implements Serializable {
    private static final long serialVersionUID = 1L;

    long records;
    long documents;
    long corrupt;
    long skipped;
    long replacedChars;
    /** Unicode code points in document texts. */
    long characters;
    final TreeMap<String, Long> documentsPerSource = new TreeMap<>();
    /** Lines of each file this partition read, blank and corrupt ones included. */
    final HashMap<String, Long> linesPerFile = new HashMap<>();
    /** The first {@link ReadReport#CORRUPT_SAMPLE_LIMIT} corrupt records, without text. */
    final ArrayList<Record> firstCorrupt = new ArrayList<>();

    /**
     * Consumes {@code records} up to and including the {@code maxDocuments}-th document (all of them when the
     * partition has fewer); records after it are not read.
     */
    static PartitionStats of(Iterator<Record> records, long maxDocuments) {
        PartitionStats s = new PartitionStats();
        while (s.documents < maxDocuments && records.hasNext()) {
            s.add(records.next());
        }
        return s;
    }

    static PartitionStats of(Iterator<Record> records) {
        return of(records, Long.MAX_VALUE);
    }

    void add(Record r) {
        records += r.units;
        replacedChars += r.replacedChars;
        if (r.line >= 0) {
            linesPerFile.merge(r.file, r.line + 1, Math::max);
        }
        switch (r.kind) {
            case DOC:
                documents++;
                characters += r.text.codePointCount(0, r.text.length());
                documentsPerSource.merge(r.source, 1L, Long::sum);
                break;
            case CORRUPT:
                corrupt++;
                if (firstCorrupt.size() < ReadReport.CORRUPT_SAMPLE_LIMIT) {
                    firstCorrupt.add(r.withoutText());
                }
                break;
            case SKIPPED:
                skipped++;
                break;
            default:
                throw new IllegalStateException("unknown record kind " + r.kind);
        }
    }

    /** Sum of {@code parts} in order (the corrupt sample keeps the first ones). Line counts are not merged. */
    static PartitionStats total(List<PartitionStats> parts) {
        PartitionStats t = new PartitionStats();
        for (PartitionStats p : parts) {
            t.records += p.records;
            t.documents += p.documents;
            t.corrupt += p.corrupt;
            t.skipped += p.skipped;
            t.replacedChars += p.replacedChars;
            t.characters += p.characters;
            for (Map.Entry<String, Long> e : p.documentsPerSource.entrySet()) {
                t.documentsPerSource.merge(e.getKey(), e.getValue(), Long::sum);
            }
        }
        return t;
    }
}
