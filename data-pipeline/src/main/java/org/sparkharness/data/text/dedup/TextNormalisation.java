package org.sparkharness.data.text.dedup;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.sparkharness.data.text.PythonWhitespace;

/**
 * How exact dedup turns a document into its key (docs/algorithms/data-pipeline.md §3.1): optionally lower-case,
 * optionally drop every character that is not a letter, mark, number or whitespace, then collapse whitespace runs to
 * one space and trim ({@code " ".join(text.split())} with Python's whitespace set, §5.1); the key is the MD5 hex digest
 * of the UTF-8 bytes. The record is stored in the stage's stats so the keys can be recomputed.
 *
 * <p>Lower-casing is {@link String#toLowerCase(Locale)} with {@link Locale#ROOT} (full Unicode case mapping, like
 * Python's {@code str.lower()}). Stripped characters are removed, not replaced by a space ("e-mail" and "email"
 * share a key), as Data-Juicer's {@code document_deduplicator} does.
 *
 * @param lowercase            lower-case before hashing; default false
 * @param stripNonAlphanumeric drop characters outside Unicode categories L, M, N and whitespace; default false
 */
public record TextNormalisation(Boolean lowercase, Boolean stripNonAlphanumeric) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Applies the defaults (both false: whitespace collapsing only, the §5.1 ground-truth setting). */
    public TextNormalisation {
        lowercase = lowercase != null && lowercase;
        stripNonAlphanumeric = stripNonAlphanumeric != null && stripNonAlphanumeric;
    }

    /** Whitespace collapsing only. */
    public static TextNormalisation defaults() {
        return new TextNormalisation(null, null);
    }

    /** The normalised text the key is computed from; {@code null} counts as the empty text. */
    public String normalise(String text) {
        String t = text == null ? "" : text;
        if (lowercase) {
            t = t.toLowerCase(Locale.ROOT);
        }
        if (stripNonAlphanumeric) {
            t = keepAlphanumericAndSpace(t);
        }
        return PythonWhitespace.collapse(t);
    }

    /** MD5 hex (32 lower-case digits) of the UTF-8 bytes of {@link #normalise}. */
    public String key(String text) {
        byte[] digest = md5().digest(normalise(text).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    /** One line for stats and logs, e.g. {@code md5(utf8(collapse_whitespace(lower(text))))}. */
    public String describe() {
        String inner = "text";
        if (lowercase) {
            inner = "lower(" + inner + ")";
        }
        if (stripNonAlphanumeric) {
            inner = "strip_non_alphanumeric(" + inner + ")";
        }
        return "md5(utf8(collapse_whitespace(" + inner + ")))";
    }

    private static String keepAlphanumericAndSpace(String t) {
        StringBuilder out = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            if (PythonWhitespace.isSpace(cp) || isLetterMarkOrNumber(cp)) {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static boolean isLetterMarkOrNumber(int cp) {
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER:
            case Character.LOWERCASE_LETTER:
            case Character.TITLECASE_LETTER:
            case Character.MODIFIER_LETTER:
            case Character.OTHER_LETTER:
            case Character.NON_SPACING_MARK:
            case Character.ENCLOSING_MARK:
            case Character.COMBINING_SPACING_MARK:
            case Character.DECIMAL_DIGIT_NUMBER:
            case Character.LETTER_NUMBER:
            case Character.OTHER_NUMBER:
                return true;
            default:
                return false;
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public TextNormalisation withLowercase(boolean lowercase) {
        return new TextNormalisation(lowercase, stripNonAlphanumeric);
    }

    public TextNormalisation withStripNonAlphanumeric(boolean stripNonAlphanumeric) {
        return new TextNormalisation(lowercase, stripNonAlphanumeric);
    }
}
