package org.sparkharness.data.text.corpus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What reading an input (or a whole corpus) found. Every record read is a document, corrupt or skipped; nothing
 * is dropped without a count. Written as JSON next to a stage's output ({@code StageFiles.writeJson}); Jackson
 * binds it back.
 *
 * @param name               the input's name, or {@code corpus}
 * @param format             the input's format, or {@code corpus}
 * @param path               the input's path as configured; null for a corpus
 * @param limit              the preview limit that applied, or null
 * @param firstId            id of the first document
 * @param files              files read
 * @param recordsRead        input records read: lines (europarl, jsonl, jargon), files (spam-assassin, text) or rows
 *                           (parquet); with a limit, those up to the last document kept
 * @param documents          documents produced (ids {@code firstId .. firstId + documents - 1})
 * @param corrupt            records that produced no document because they are malformed or unreadable
 * @param skipped            records deliberately ignored: blank lines in JSON Lines
 * @param replacedChars      malformed UTF-8 sequences replaced by U+FFFD
 * @param characters         Unicode code points in the documents' text
 * @param documentsPerSource documents per value of the source column
 * @param corruptSample      the first {@value #CORRUPT_SAMPLE_LIMIT} corrupt records, in id order
 * @param inputs             for a corpus, the report of each input in order; empty otherwise
 */
public record ReadReport(String name, String format, String path, Long limit, long firstId, long files,
                         long recordsRead, long documents, long corrupt, long skipped, long replacedChars,
                         long characters, Map<String, Long> documentsPerSource, List<CorruptRecord> corruptSample,
                         List<ReadReport> inputs) {

    /** Corrupt records listed by location; the count covers all of them. */
    public static final int CORRUPT_SAMPLE_LIMIT = 100;
    public static final String CORPUS = "corpus";

    public ReadReport {
        documentsPerSource = Collections.unmodifiableMap(
                documentsPerSource == null ? new TreeMap<>() : new TreeMap<>(documentsPerSource));
        corruptSample = corruptSample == null ? List.of() : List.copyOf(corruptSample);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        if (corruptSample.size() > CORRUPT_SAMPLE_LIMIT) {
            throw new IllegalArgumentException("corruptSample holds " + corruptSample.size() + " records, at most "
                    + CORRUPT_SAMPLE_LIMIT);
        }
    }

    /** The inputs' reports added up, in order; the first input's first id is the corpus's. */
    public static ReadReport ofCorpus(List<ReadReport> parts, Long limit) {
        long files = 0;
        long records = 0;
        long documents = 0;
        long corrupt = 0;
        long skipped = 0;
        long replaced = 0;
        long characters = 0;
        TreeMap<String, Long> perSource = new TreeMap<>();
        List<CorruptRecord> sample = new ArrayList<>();
        for (ReadReport p : parts) {
            files += p.files;
            records += p.recordsRead;
            documents += p.documents;
            corrupt += p.corrupt;
            skipped += p.skipped;
            replaced += p.replacedChars;
            characters += p.characters;
            p.documentsPerSource.forEach((source, n) -> perSource.merge(source, n, Long::sum));
            for (CorruptRecord c : p.corruptSample) {
                if (sample.size() < CORRUPT_SAMPLE_LIMIT) {
                    sample.add(c);
                }
            }
        }
        long firstId = parts.isEmpty() ? 0 : parts.get(0).firstId;
        return new ReadReport(CORPUS, CORPUS, null, limit, firstId, files, records, documents, corrupt, skipped,
                replaced, characters, perSource, sample, parts);
    }

    /** One line for logs: {@code europarl: 17,597 docs, 0 corrupt (17,597 records, 1 file)}. */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: %,d docs, %,d corrupt", name,
                documents, corrupt));
        if (skipped > 0) {
            s.append(String.format(Locale.ROOT, ", %,d blank skipped", skipped));
        }
        if (replacedChars > 0) {
            s.append(String.format(Locale.ROOT, ", %,d invalid UTF-8 sequences replaced", replacedChars));
        }
        s.append(String.format(Locale.ROOT, " (%,d records, %,d file%s, %,d chars%s)", recordsRead, files,
                files == 1 ? "" : "s", characters, limit == null ? "" : ", limit " + limit));
        return s.toString();
    }
}
