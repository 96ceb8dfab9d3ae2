package org.sparkharness.data.text;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of a text corpus as every curation stage reads and writes it. Stages keep any extra columns they are
 * given and add their own ({@link #REASON} on excluded rows).
 */
public final class TextSchema {
    /** long: unique, in corpus order; "first occurrence" in dedup means the smallest id. */
    public static final String ID = "id";
    /** string: the collection a document came from (e.g. europarl, spam-2, easy-ham-1, jargon). */
    public static final String SOURCE = "source";
    /** string: where the record was read, {@code file} or {@code file:line}, for error reports and samples. */
    public static final String LOCATION = "location";
    /** string: the document text. */
    public static final String TEXT = "text";
    /** string: why a stage excluded a row (a rule name such as gopher_stop_words, or exact_dup). */
    public static final String REASON = "reason";

    /** The four columns every text stage needs. */
    public static final StructType DOCS = new StructType()
            .add(ID, DataTypes.LongType, false)
            .add(SOURCE, DataTypes.StringType, false)
            .add(LOCATION, DataTypes.StringType, false)
            .add(TEXT, DataTypes.StringType, false);

    private TextSchema() {}
}
