package org.sparkharness.data.text.filter;

import org.sparkharness.data.text.words.Hashing;

/**
 * datatrove's {@code find_duplicates} over text spans: walking the elements in order, every element already seen
 * counts as a duplicate, and its length (code points) adds to the duplicate characters.
 */
final class Duplicates {
    final int elements;
    final long chars;

    private Duplicates(int elements, long chars) {
        this.elements = elements;
        this.chars = chars;
    }

    /**
     * @param spans {@code [start0, end0, start1, end1, ...]} into {@code doc.text()}
     * @param count number of spans
     */
    static Duplicates of(Doc doc, int[] spans, int count) {
        String text = doc.text();
        int size = Hashing.tableSize(count);
        int mask = size - 1;
        int[] slots = new int[size];
        java.util.Arrays.fill(slots, -1);
        int dupElements = 0;
        long dupChars = 0;
        for (int e = 0; e < count; e++) {
            int start = spans[2 * e];
            int end = spans[2 * e + 1];
            int len = end - start;
            int slot = Hashing.mix(Hashing.chars(text, start, end)) & mask;
            while (true) {
                int other = slots[slot];
                if (other < 0) {
                    slots[slot] = e;
                    break;
                }
                int oStart = spans[2 * other];
                if (spans[2 * other + 1] - oStart == len && text.regionMatches(start, text, oStart, len)) {
                    dupElements++;
                    dupChars += doc.length(start, end);
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        return new Duplicates(dupElements, dupChars);
    }
}
