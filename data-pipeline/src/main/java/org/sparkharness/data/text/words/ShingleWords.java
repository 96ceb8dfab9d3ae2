package org.sparkharness.data.text.words;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A text's words laid out for shingling without copies: the words' UTF-8 bytes joined by single spaces, with each
 * word's byte range, so the n-gram of words i..i+n-1 is the byte range from the start of word i to the end of word
 * i+n-1, exactly datatrove's {@code " ".join(ngram)} encoded as UTF-8. Made by
 * {@link DatatroveWordTokenizer#shingleWords}, which writes the bytes while it splits.
 */
public final class ShingleWords {
    private final byte[] utf8;
    private final int[] starts;
    private final int[] ends;
    private final int count;

    private ShingleWords(byte[] utf8, int[] starts, int[] ends, int count) {
        this.utf8 = utf8;
        this.starts = starts;
        this.ends = ends;
        this.count = count;
    }

    public int count() {
        return count;
    }

    /** The shared buffer (not copied: do not modify). */
    public byte[] utf8() {
        return utf8;
    }

    /** Byte offset of word {@code i}. */
    public int start(int i) {
        return starts[i];
    }

    /** Byte offset just past word {@code i}. */
    public int end(int i) {
        return ends[i];
    }

    public String word(int i) {
        return new String(utf8, starts[i], ends[i] - starts[i], StandardCharsets.UTF_8);
    }

    /** What {@link RunSplitter} writes a word at a time, code point by code point. */
    static final class Builder {
        private byte[] buf;
        private int len;
        private int[] starts;
        private int[] ends;
        private int count;

        Builder(int textLength) {
            buf = new byte[Math.max(16, textLength + (textLength >> 2))];
            starts = new int[Math.max(4, textLength / 4)];
            ends = new int[starts.length];
        }

        void beginWord() {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
            }
            room(1);
            if (count > 0) {
                buf[len++] = ' ';
            }
            starts[count] = len;
        }

        void endWord() {
            ends[count++] = len;
        }

        /** One UTF-16 char that is not a surrogate. */
        void putChar(char c) {
            if (c < 0x80) {
                room(1);
                buf[len++] = (byte) c;
            } else {
                put(c);
            }
        }

        /** One code point; a lone surrogate as '?', as {@code String.getBytes(UTF_8)} writes it (Python would fail). */
        void put(int cp) {
            room(4);
            if (cp < 0x80) {
                buf[len++] = (byte) cp;
            } else if (cp < 0x800) {
                buf[len++] = (byte) (0xC0 | (cp >> 6));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else if (cp < 0x10000) {
                if (cp >= 0xD800 && cp <= 0xDFFF) {
                    buf[len++] = '?';
                    return;
                }
                buf[len++] = (byte) (0xE0 | (cp >> 12));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            }
        }

        private void room(int bytes) {
            if (buf.length - len < bytes) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
        }

        ShingleWords build() {
            return new ShingleWords(buf, starts, ends, count);
        }
    }
}
