package org.sparkharness.data.table;

/**
 * Training rows that cannot be used as they are: a missing or non-numeric column, bad rows under
 * {@code onBadRows: fail}, an empty split, fewer rows than workers. The message names the file or column and what
 * was expected; nothing has been trained when it is thrown.
 */
public final class TableDataException extends RuntimeException {
    public TableDataException(String message) {
        super(message);
    }

    public TableDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
