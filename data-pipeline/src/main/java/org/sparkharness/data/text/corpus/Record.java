package org.sparkharness.data.text.corpus;

import java.io.Serializable;

/**
 * One parsed input record, before ids are assigned: a document, a corrupt record (with the reason) or a record that
 * is deliberately skipped (a blank line in JSON Lines). Lives inside one task; only corrupt ones travel to the
 * driver, inside {@link PartitionStats}.
 */
final class Record implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Kind { DOC, CORRUPT, SKIPPED }

    final Kind kind;
    /** Path relative to the input, or a complete location when {@link #line} is negative. */
    final String file;
    /**
     * 0-based line of the record, counted from the first line this partition read of {@link #file}; the driver adds
     * the lines earlier partitions read of the same file. Negative when the record has no line ({@link #file} is then
     * the whole location).
     */
    final long line;
    /** Input records this stands for: 1, or the lines of a multi-line chunk. */
    final long units;
    final String source;
    final String text;
    final String reason;
    /** Malformed UTF-8 sequences replaced by U+FFFD while decoding this record. */
    final long replacedChars;
    /** The producer's own id of the record, appended to the location as {@code #tag}; usually null. */
    final String tag;

    private Record(Kind kind, String file, long line, long units, String source, String text, String reason,
                   long replacedChars, String tag) {
        this.kind = kind;
        this.file = file;
        this.line = line;
        this.units = units;
        this.source = source;
        this.text = text;
        this.reason = reason;
        this.replacedChars = replacedChars;
        this.tag = tag;
    }

    static Record doc(String file, long line, long units, String source, String text, long replacedChars) {
        return new Record(Kind.DOC, file, line, units, source, text, null, replacedChars, null);
    }

    static Record doc(String file, long line, String source, String text, long replacedChars) {
        return doc(file, line, 1, source, text, replacedChars);
    }

    static Record corrupt(String file, long line, String reason, long replacedChars) {
        return new Record(Kind.CORRUPT, file, line, 1, null, null, reason, replacedChars, null);
    }

    static Record skipped(String file, long line) {
        return new Record(Kind.SKIPPED, file, line, 1, null, null, null, 0, null);
    }

    /** This record without its text, to keep in a sample. */
    Record withoutText() {
        return new Record(kind, file, line, units, source, null, reason, replacedChars, tag);
    }

    /** This record with the producer's id (null for none). */
    Record withTag(String newTag) {
        return new Record(kind, file, line, units, source, text, reason, replacedChars, newTag);
    }

    @Override
    public String toString() {
        return kind + " " + file + (line >= 0 ? ":" + line : "") + (tag != null ? "#" + tag : "")
                + (reason != null ? " (" + reason + ")" : "");
    }
}
