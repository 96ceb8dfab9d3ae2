package org.sparkharness.data.text.corpus;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The result of reading an input or a corpus.
 *
 * @param docs   exactly the columns of {@link org.sparkharness.data.text.TextSchema#DOCS}; ids dense from the
 *               report's {@code firstId}. Lazy: every action reads the files again, so cache it when it is used
 *               more than once.
 * @param report counts, the corrupt sample and per-source counts, computed while reading
 */
public record CorpusRead(Dataset<Row> docs, ReadReport report) {
}
