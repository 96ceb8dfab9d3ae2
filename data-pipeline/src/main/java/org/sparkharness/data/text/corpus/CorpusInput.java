package org.sparkharness.data.text.corpus;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * One input of a corpus, as a config file spells it (Jackson binds it by component name):
 * <pre>
 * { "format": "jsonl", "path": "s3a://bucket/crawl/", "textField": "content", "limit": 1000 }
 * </pre>
 *
 * @param format      {@code europarl} (title/date/body lines), {@code spam-assassin} (the npm package's
 *                    {@code <group>/*.json}), {@code jargon} (plain text cut into chunks of lines), {@code jsonl}
 *                    (one JSON object per line), {@code text} (one document per file) or {@code parquet}
 * @param path        any Hadoop URI or local path: a file, a directory (read recursively, skipping names that
 *                    start with {@code .} or {@code _} and {@code SHA256SUMS}) or a glob; for spam-assassin the
 *                    directory {@code scripts/fetch-data} writes, the package root or its {@code data/} folder
 * @param name        label in progress lines and the report, and the source column of formats whose records carry
 *                    none; default: the format
 * @param limit       preview: only the first {@code limit} documents in id order (reading stops early where it can)
 * @param partitions  read in about this many partitions: line formats split files by size (one split per
 *                    compressed file), whole-file formats group files, parquet sorts into this many ranges; ids do
 *                    not depend on it; default: Spark's parallelism (parquet: {@code spark.sql.shuffle.partitions})
 * @param textField   jsonl, parquet: the text column; default {@code text}
 * @param idField     jsonl: the producer's id, appended to the location as {@code file:line#id}; parquet: the
 *                    column that orders rows within a file, default {@code id}
 * @param sourceField jsonl, parquet: the column holding the source; default none for jsonl, {@code source} for
 *                    parquet (used when present); rows without one get {@code name}
 * @param linesPerDoc jargon: lines per document, default 40
 */
public record CorpusInput(String format, String path, String name, Long limit, Integer partitions,
                          String textField, String idField, String sourceField, Integer linesPerDoc)
        implements Serializable {

    public static final String EUROPARL = "europarl";
    public static final String SPAM_ASSASSIN = "spam-assassin";
    public static final String JARGON = "jargon";
    public static final String JSONL = "jsonl";
    public static final String TEXT = "text";
    public static final String PARQUET = "parquet";
    public static final List<String> FORMATS = List.of(EUROPARL, SPAM_ASSASSIN, JARGON, JSONL, TEXT, PARQUET);

    /** Jargon File chunking of docs/algorithms/data-pipeline.md §4. */
    public static final int DEFAULT_LINES_PER_DOC = 40;

    public CorpusInput {
        Check.required("format", format);
        if (!FORMATS.contains(format)) {
            throw new ConfigException("format", format, "must be one of " + FORMATS);
        }
        if (path == null || path.isBlank()) {
            throw new ConfigException("path", path, "is required (a file, directory or glob; any Hadoop URI)");
        }
        name = name == null ? format : name;
        if (name.isBlank()) {
            throw new ConfigException("name", name, "must not be blank");
        }
        if (limit != null && limit <= 0) {
            throw new ConfigException("limit", limit, "must be > 0");
        }
        if (partitions != null) {
            Check.positiveInt("partitions", partitions);
        }
        boolean fields = format.equals(JSONL) || format.equals(PARQUET);
        textField = onlyFor(fields, "textField", textField, "jsonl and parquet", "text");
        idField = onlyFor(fields, "idField", idField, "jsonl and parquet", format.equals(PARQUET) ? "id" : null);
        sourceField = onlyFor(fields, "sourceField", sourceField, "jsonl and parquet",
                format.equals(PARQUET) ? "source" : null);
        linesPerDoc = onlyFor(format.equals(JARGON), "linesPerDoc", linesPerDoc, "jargon", DEFAULT_LINES_PER_DOC);
        if (linesPerDoc != null) {
            Check.positiveInt("linesPerDoc", linesPerDoc);
        }
        Set<String> seen = new HashSet<>();
        for (String[] field : new String[][] {{"textField", textField}, {"idField", idField},
                {"sourceField", sourceField}}) {
            if (field[1] != null && field[1].isBlank()) {
                throw new ConfigException(field[0], field[1], "must not be blank");
            }
            if (field[1] != null && !seen.add(field[1])) {
                throw new ConfigException(field[0], field[1], "must differ from the other field options");
            }
        }
    }

    /** {@code format} at {@code path} with every option at its default. */
    public static CorpusInput of(String format, String path) {
        return new CorpusInput(format, path, null, null, null, null, null, null, null);
    }

    public CorpusInput withLimit(Long newLimit) {
        return new CorpusInput(format, path, name, newLimit, partitions, textField, idField, sourceField,
                linesPerDoc);
    }

    public CorpusInput withPartitions(Integer newPartitions) {
        return new CorpusInput(format, path, name, limit, newPartitions, textField, idField, sourceField,
                linesPerDoc);
    }

    public CorpusInput withName(String newName) {
        return new CorpusInput(format, path, newName, limit, partitions, textField, idField, sourceField,
                linesPerDoc);
    }

    /** An option that only some formats read: rejected elsewhere (a likely typo), defaulted where it applies. */
    private static <T> T onlyFor(boolean applies, String field, T value, String formats, T fallback) {
        if (!applies) {
            if (value != null) {
                throw new ConfigException(field, value, "applies to " + formats + " only");
            }
            return null;
        }
        return value == null ? fallback : value;
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    // format and path have none: start from of(format, path), which also picks the format's field defaults.
    public CorpusInput withTextField(String textField) {
        return new CorpusInput(format, path, name, limit, partitions, textField, idField, sourceField, linesPerDoc);
    }

    public CorpusInput withIdField(String idField) {
        return new CorpusInput(format, path, name, limit, partitions, textField, idField, sourceField, linesPerDoc);
    }

    public CorpusInput withSourceField(String sourceField) {
        return new CorpusInput(format, path, name, limit, partitions, textField, idField, sourceField, linesPerDoc);
    }

    public CorpusInput withLinesPerDoc(Integer linesPerDoc) {
        return new CorpusInput(format, path, name, limit, partitions, textField, idField, sourceField, linesPerDoc);
    }
}
