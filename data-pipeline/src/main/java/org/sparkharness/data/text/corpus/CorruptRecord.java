package org.sparkharness.data.text.corpus;

/**
 * A record that produced no document.
 *
 * @param location {@code file:line} (1-based) for line formats, the file for one-record-per-file formats; paths are
 *                 relative to the input's path
 * @param reason   what was wrong, e.g. {@code 2 fields, expected 3 (title, date, body)} or {@code no text field}
 */
public record CorruptRecord(String location, String reason) {
}
