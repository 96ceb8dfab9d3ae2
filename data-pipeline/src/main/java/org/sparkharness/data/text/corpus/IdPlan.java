package org.sparkharness.data.text.corpus;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each partition's documents go in the id sequence, computed on the driver from the first pass: the id of a
 * partition's first document is the number of documents in earlier partitions (as in {@code zipWithIndex}), and a
 * line number is the partition's line plus the lines earlier partitions read of the same file. Both depend only on
 * the record order, so ids are the same for any number of partitions. With a limit, the partition holding the
 * limit-th document is cut after it and later partitions emit nothing.
 */
final class IdPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Relative id (0 = the input's first document) of each partition's first document. */
    private final long[] firstDocument;
    /** Documents each partition emits: all of them, a prefix in the cut partition, none after it. */
    private final long[] documentsToEmit;
    /** Lines earlier partitions read, per file, for each partition (only files the partition reads). */
    private final HashMap<String, Long>[] lineOffsets;
    private final int cutPartition;
    private final long emitted;

    private IdPlan(long[] firstDocument, long[] documentsToEmit, HashMap<String, Long>[] lineOffsets,
                   int cutPartition, long emitted) {
        this.firstDocument = firstDocument;
        this.documentsToEmit = documentsToEmit;
        this.lineOffsets = lineOffsets;
        this.cutPartition = cutPartition;
        this.emitted = emitted;
    }

    /**
     * @param stats per partition, in partition order
     * @param limit documents wanted at most ({@link Long#MAX_VALUE} for all)
     */
    static IdPlan of(List<PartitionStats> stats, long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        int n = stats.size();
        long[] first = new long[n];
        long[] emit = new long[n];
        @SuppressWarnings("unchecked")
        HashMap<String, Long>[] offsets = new HashMap[n];
        Map<String, Long> linesSoFar = new HashMap<>();
        long documents = 0;
        int cut = -1;
        for (int p = 0; p < n; p++) {
            PartitionStats s = stats.get(p);
            first[p] = documents;
            long room = Math.max(0, limit - documents);
            emit[p] = Math.min(s.documents, room);
            if (cut < 0 && emit[p] < s.documents) {
                cut = p;
            }
            documents += emit[p];
            HashMap<String, Long> mine = new HashMap<>();
            for (Map.Entry<String, Long> e : s.linesPerFile.entrySet()) {
                mine.put(e.getKey(), linesSoFar.getOrDefault(e.getKey(), 0L));
                linesSoFar.merge(e.getKey(), e.getValue(), Long::sum);
            }
            offsets[p] = mine;
        }
        return new IdPlan(first, emit, offsets, cut, documents);
    }

    int partitions() {
        return firstDocument.length;
    }

    long firstDocument(int partition) {
        return firstDocument[partition];
    }

    long documentsToEmit(int partition) {
        return documentsToEmit[partition];
    }

    /** The partition cut by the limit, or -1 when every partition emits all its documents. */
    int cutPartition() {
        return cutPartition;
    }

    /** Documents emitted in all. */
    long documents() {
        return emitted;
    }

    /**
     * {@code file:line} (1-based line within the whole file) or the record's own location, followed by
     * {@code #tag} when the record carries the producer's id.
     */
    String location(int partition, Record r) {
        String where = r.file;
        if (r.line >= 0) {
            long offset = lineOffsets[partition].getOrDefault(r.file, 0L);
            where = r.file + ":" + (offset + r.line + 1);
        }
        return r.tag == null ? where : where + "#" + r.tag;
    }
}
