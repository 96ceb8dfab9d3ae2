package org.sparkharness.data.text.words;

import org.sparkharness.data.text.PythonWhitespace;

/**
 * What a regex engine counts as a word character ({@code \w}) and as whitespace ({@code \s}): the character rules
 * of every tokenizer in this package, one flavour per engine a tokenizer reproduces. Everything that is neither is
 * "other" (punctuation, symbols, unassigned and lone surrogate code points).
 */
enum CharClasses {
    /**
     * Java's {@code Pattern.UNICODE_CHARACTER_CLASS}: word = Alphabetic, Mn, Me, Mc, Nd, Pc or Join_Control;
     * space = White_Space.
     */
    JAVA_UNICODE {
        @Override
        byte classify(int cp) {
            return isJavaSpace(cp) ? SPACE : isJavaWord(cp) ? WORD : OTHER;
        }
    },
    /** Python 3's {@code re} on str: word = {@code isalnum()} (L*, Nd, Nl, No) or _; space = {@code isspace()}. */
    PYTHON_RE {
        @Override
        byte classify(int cp) {
            return PythonWhitespace.isSpace(cp) ? SPACE : isPythonWord(cp) ? WORD : OTHER;
        }
    },
    /**
     * Java's word characters with Python's whitespace: the dedup keys' split, whose input text Python-side code
     * ({@code simplify_text}) has already split on {@code str.split()} whitespace.
     */
    JAVA_WORDS_PYTHON_SPACE {
        @Override
        byte classify(int cp) {
            return PythonWhitespace.isSpace(cp) ? SPACE : isJavaWord(cp) ? WORD : OTHER;
        }
    };

    static final byte SPACE = 0;
    static final byte WORD = 1;
    static final byte OTHER = 2;

    /** {@link #SPACE}, {@link #WORD} or {@link #OTHER} for one code point. */
    abstract byte classify(int cp);

    /** Java's {@code (?U)\w}. */
    static boolean isJavaWord(int cp) {
        int type = Character.getType(cp);
        return Character.isAlphabetic(cp)
                || (((1 << Character.NON_SPACING_MARK) | (1 << Character.ENCLOSING_MARK)
                | (1 << Character.COMBINING_SPACING_MARK) | (1 << Character.DECIMAL_DIGIT_NUMBER)
                | (1 << Character.CONNECTOR_PUNCTUATION)) >> type & 1) != 0
                || cp == 0x200C || cp == 0x200D;
    }

    /** Java's {@code (?U)\s}: White_Space. */
    static boolean isJavaSpace(int cp) {
        int type = Character.getType(cp);
        return (((1 << Character.SPACE_SEPARATOR) | (1 << Character.LINE_SEPARATOR)
                | (1 << Character.PARAGRAPH_SEPARATOR)) >> type & 1) != 0
                || (cp >= 0x9 && cp <= 0xd) || cp == 0x85;
    }

    /** Python's {@code re} {@code \w} on str: {@code str.isalnum()} or {@code _}. */
    static boolean isPythonWord(int cp) {
        if (cp == '_') return true;
        int type = Character.getType(cp);
        return ((1 << Character.UPPERCASE_LETTER | 1 << Character.LOWERCASE_LETTER
                | 1 << Character.TITLECASE_LETTER | 1 << Character.MODIFIER_LETTER | 1 << Character.OTHER_LETTER
                | 1 << Character.DECIMAL_DIGIT_NUMBER | 1 << Character.LETTER_NUMBER | 1 << Character.OTHER_NUMBER)
                >> type & 1) != 0;
    }
}
