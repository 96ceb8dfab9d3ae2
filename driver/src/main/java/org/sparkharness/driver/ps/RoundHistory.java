package org.sparkharness.driver.ps;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The recent rounds a backup policy may look at: a bounded window of outcomes, oldest first. */
public final class RoundHistory {
    private final int capacity;
    private final Deque<RoundOutcome> window = new ArrayDeque<>();

    public RoundHistory(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
        this.capacity = capacity;
    }

    public void add(RoundOutcome outcome) {
        window.addLast(outcome);
        while (window.size() > capacity) window.removeFirst();
    }

    public List<RoundOutcome> recent() { return List.copyOf(window); }

    public int size() { return window.size(); }
}
