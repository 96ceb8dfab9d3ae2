package org.sparkharness.data.text.filter;

import java.io.Serializable;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * Options of {@link C4QualityFilter} (Raffel et al. 2020; datatrove {@code C4QualityFilter} @a649de7, lines split
 * with {@code splitlines}). Defaults are the FineWeb setup ({@code examples/fineweb.py}): no terminal-punctuation
 * line filter. The bad-words document filter is not implemented (it needs the LDNOOBW list, a download).
 *
 * @param removeCitations       strip {@code [1]}, {@code []}, {@code [edit]}, {@code [citation needed]}; default true
 * @param filterNoTerminalPunct drop lines not ending in {@code . ? ! " '} or ending in {@code ...}; default false
 * @param minNumSentences       drop the document if the kept lines hold fewer sentences; default 5, -1 = off
 * @param minWordsPerLine       drop lines with fewer whitespace-separated words; default 3, -1 = off
 * @param maxWordLength         drop lines with a word longer than this (code points); default 1000, -1 = off
 * @param filterLoremIpsum      drop the document if a kept line contains "lorem ipsum" (any case); default true
 * @param filterJavascript      drop lines containing "javascript" (any case); default true
 * @param filterCurlyBracket    drop the document if a kept line contains {@code {}; default true
 * @param filterPolicy          drop lines with cookie / terms-of-use / privacy-policy phrases; default true
 */
public record C4Settings(
        Boolean removeCitations,
        Boolean filterNoTerminalPunct,
        Integer minNumSentences,
        Integer minWordsPerLine,
        Integer maxWordLength,
        Boolean filterLoremIpsum,
        Boolean filterJavascript,
        Boolean filterCurlyBracket,
        Boolean filterPolicy) implements Serializable {

    /** Fills the defaults and validates; a {@link ConfigException} names the field. */
    public C4Settings {
        removeCitations = Checks.orDefault(removeCitations, true);
        filterNoTerminalPunct = Checks.orDefault(filterNoTerminalPunct, false);
        minNumSentences = Checks.atLeast("minNumSentences", Checks.orDefault(minNumSentences, 5), -1);
        minWordsPerLine = Checks.atLeast("minWordsPerLine", Checks.orDefault(minWordsPerLine, 3), -1);
        maxWordLength = Checks.orDefault(maxWordLength, 1000);
        if (maxWordLength != -1 && maxWordLength < 1) {
            throw new ConfigException("maxWordLength", maxWordLength, "must be >= 1, or -1 to switch the rule off");
        }
        filterLoremIpsum = Checks.orDefault(filterLoremIpsum, true);
        filterJavascript = Checks.orDefault(filterJavascript, true);
        filterCurlyBracket = Checks.orDefault(filterCurlyBracket, true);
        filterPolicy = Checks.orDefault(filterPolicy, true);
    }

    /** The FineWeb setup: every datatrove default except {@code filterNoTerminalPunct = false}. */
    public static C4Settings defaults() {
        return new C4Settings(null, null, null, null, null, null, null, null, null);
    }

    // Copies with one component replaced; the compact constructor validates each copy.
    public C4Settings withRemoveCitations(boolean removeCitations) {
        return new C4Settings(removeCitations, filterNoTerminalPunct, minNumSentences, minWordsPerLine, maxWordLength,
                filterLoremIpsum, filterJavascript, filterCurlyBracket, filterPolicy);
    }

    public C4Settings withFilterNoTerminalPunct(boolean filterNoTerminalPunct) {
        return new C4Settings(removeCitations, filterNoTerminalPunct, minNumSentences, minWordsPerLine, maxWordLength,
                filterLoremIpsum, filterJavascript, filterCurlyBracket, filterPolicy);
    }

    public C4Settings withMinNumSentences(int minNumSentences) {
        return new C4Settings(removeCitations, filterNoTerminalPunct, minNumSentences, minWordsPerLine, maxWordLength,
                filterLoremIpsum, filterJavascript, filterCurlyBracket, filterPolicy);
    }

    public C4Settings withMinWordsPerLine(int minWordsPerLine) {
        return new C4Settings(removeCitations, filterNoTerminalPunct, minNumSentences, minWordsPerLine, maxWordLength,
                filterLoremIpsum, filterJavascript, filterCurlyBracket, filterPolicy);
    }

    public C4Settings withMaxWordLength(int maxWordLength) {
        return new C4Settings(removeCitations, filterNoTerminalPunct, minNumSentences, minWordsPerLine, maxWordLength,
                filterLoremIpsum, filterJavascript, filterCurlyBracket, filterPolicy);
    }

    public C4Settings withFilterLoremIpsum(boolean filterLoremIpsum) {
        return new C4Settings(removeCitations, filterNoTerminalPunct, minNumSentences, minWordsPerLine, maxWordLength,
                filterLoremIpsum, filterJavascript, filterCurlyBracket, filterPolicy);
    }

    public C4Settings withFilterJavascript(boolean filterJavascript) {
        return new C4Settings(removeCitations, filterNoTerminalPunct, minNumSentences, minWordsPerLine, maxWordLength,
                filterLoremIpsum, filterJavascript, filterCurlyBracket, filterPolicy);
    }

    public C4Settings withFilterCurlyBracket(boolean filterCurlyBracket) {
        return new C4Settings(removeCitations, filterNoTerminalPunct, minNumSentences, minWordsPerLine, maxWordLength,
                filterLoremIpsum, filterJavascript, filterCurlyBracket, filterPolicy);
    }

    public C4Settings withFilterPolicy(boolean filterPolicy) {
        return new C4Settings(removeCitations, filterNoTerminalPunct, minNumSentences, minWordsPerLine, maxWordLength,
                filterLoremIpsum, filterJavascript, filterCurlyBracket, filterPolicy);
    }
}
