package org.sparkharness.data.text.filter;

import java.io.Serializable;
import java.util.List;
import org.sparkharness.data.text.words.Hashing;

/**
 * A fixed set of strings that answers "is {@code text[start, end)} one of them, and which" without a substring.
 * Used for the stop-word rule.
 */
final class SpanSet implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] members;
    private final int[] slots;
    private final int mask;
    private final int minLength;
    private final int maxLength;

    /** @param members distinct strings; {@link #indexOf} returns positions in this list */
    SpanSet(List<String> members) {
        this.members = members.toArray(new String[0]);
        int size = Hashing.tableSize(members.size());
        this.mask = size - 1;
        this.slots = new int[size];
        java.util.Arrays.fill(slots, -1);
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int i = 0; i < this.members.length; i++) {
            String m = this.members[i];
            min = Math.min(min, m.length());
            max = Math.max(max, m.length());
            int slot = Hashing.mix(m.hashCode()) & mask;
            while (slots[slot] >= 0) slot = (slot + 1) & mask;
            slots[slot] = i;
        }
        this.minLength = min;
        this.maxLength = max;
    }

    int size() {
        return members.length;
    }

    /** Position of {@code text[start, end)} in the member list, or -1. */
    int indexOf(String text, int start, int end) {
        int len = end - start;
        if (len < minLength || len > maxLength) return -1;
        int slot = Hashing.mix(Hashing.chars(text, start, end)) & mask;
        while (true) {
            int m = slots[slot];
            if (m < 0) return -1;
            String s = members[m];
            if (s.length() == len && text.regionMatches(start, s, 0, len)) return m;
            slot = (slot + 1) & mask;
        }
    }
}
