package org.sparkharness.data.dataset;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SHA-256 helpers and the {@code sha256sum} file format: one {@code <64 hex digits><space><space or *><name>} line per
 * file, as written by {@code sha256sum FILE... > SHA256SUMS} and checked by {@code sha256sum -c SHA256SUMS}.
 */
public final class Sha256Sums {

    /** Conventional name of the checksum file inside a dataset directory. */
    public static final String FILE_NAME = "SHA256SUMS";

    private static final Pattern LINE = Pattern.compile("^([0-9a-fA-F]{64}) [ *](.+)$");

    private Sha256Sums() {
    }

    /** Lower-case hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /**
     * Parses {@code sha256sum} output into name → lower-case hex, sorted by name. Blank lines and lines starting with
     * {@code #} are skipped.
     *
     * @throws IllegalArgumentException naming {@code source} and the line number of the first malformed line
     */
    public static Map<String, String> parse(String text, String source) {
        Map<String, String> sums = new TreeMap<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException(source + " line " + (i + 1) + ": expected '<64 hex digits>  <file>'"
                        + " (sha256sum format), found '" + line + "'");
            }
            sums.put(m.group(2), m.group(1).toLowerCase(java.util.Locale.ROOT));
        }
        return sums;
    }

    /** Parses UTF-8 {@code sha256sum} output; see {@link #parse(String, String)}. */
    public static Map<String, String> parse(byte[] utf8, String source) {
        return parse(new String(utf8, StandardCharsets.UTF_8), source);
    }

    /** Formats name → hex as {@code sha256sum} does (text mode, two spaces), sorted by name. */
    public static String format(Map<String, String> sums) {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(sums).forEach((name, hex) -> sb.append(hex).append("  ").append(name).append('\n'));
        return sb.toString();
    }
}
