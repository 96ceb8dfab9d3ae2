package org.sparkharness.data.text.filter;

import java.util.Objects;

/**
 * A filter's decision on one document: keep it (the text unchanged, or rewritten as C4 does when it drops lines),
 * or drop it for a named reason.
 */
public final class Verdict {
    /** Keep, text unchanged. */
    public static final Verdict KEEP = new Verdict(null, null);

    private final String reason;
    private final String text;

    private Verdict(String reason, String text) {
        this.reason = reason;
        this.text = text;
    }

    /** Keep with {@code newText} in place of the document's text. */
    public static Verdict keep(String newText) {
        return new Verdict(null, Objects.requireNonNull(newText, "newText"));
    }

    /** Drop, for the rule {@code reason} (a short name such as {@code gopher_stop_words}). */
    public static Verdict drop(String reason) {
        return new Verdict(Objects.requireNonNull(reason, "reason"), null);
    }

    public boolean kept() {
        return reason == null;
    }

    /** The failing rule, or null when kept. */
    public String reason() {
        return reason;
    }

    /** The rewritten text, or null when the text is unchanged (or the document dropped). */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return reason != null ? "drop(" + reason + ")" : text == null ? "keep" : "keep(rewritten)";
    }
}
