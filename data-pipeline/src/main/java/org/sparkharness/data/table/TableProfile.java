package org.sparkharness.data.table;

import java.io.Serializable;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * What one counting pass over the rows found, per split: rows by problem, usable rows by feature width and by label.
 * Built from a grouped count collected to the driver (a few rows per problem, width and class), never from the rows.
 */
public final class TableProfile implements Serializable {
    private final SplitCounts train = new SplitCounts();
    private final SplitCounts test = new SplitCounts();

    /** Counts of one split. */
    static final class SplitCounts implements Serializable {
        final Map<RowProblem, Long> problems = new EnumMap<>(RowProblem.class);
        final Map<Integer, Long> widths = new TreeMap<>();
        /** Usable rows by width, then by class. */
        final Map<Integer, Map<Integer, Long>> labels = new TreeMap<>();
        /** Largest label of usable rows by width (class keys are capped; this is not). */
        final Map<Integer, Double> maxLabel = new TreeMap<>();
    }

    /**
     * From rows of {@code (test, problem, width, class, count[, max label])}: class is the (capped) class of rows
     * without a problem, else −1.
     */
    public static TableProfile of(List<Row> grouped) {
        TableProfile p = new TableProfile();
        for (Row r : grouped) {
            SplitCounts s = r.getBoolean(0) ? p.test : p.train;
            RowProblem problem = RowProblem.ofCode(r.getInt(1));
            long n = r.getLong(4);
            s.problems.merge(problem, n, Long::sum);
            if (problem == RowProblem.NONE && r.size() > 5 && !r.isNullAt(5)) {
                s.maxLabel.merge(r.getInt(2), ((Number) r.get(5)).doubleValue(), Math::max);
            }
            if (problem == RowProblem.NONE) {
                s.widths.merge(r.getInt(2), n, Long::sum);
                s.labels.computeIfAbsent(r.getInt(2), w -> new TreeMap<>()).merge(r.getInt(3), n, Long::sum);
            }
        }
        return p;
    }

    /** The feature width: the most common among the training rows without a problem (the test rows' if none). */
    public int width() {
        Map<Integer, Long> widths = train.widths.isEmpty() ? test.widths : train.widths;
        return widths.entrySet().stream().max(Map.Entry.<Integer, Long>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse(0);
    }

    /** The largest class index among usable rows of both splits, or −1. */
    public int maxLabel() {
        int max = -1;
        for (boolean t : new boolean[] {false, true}) {
            for (int label : classCounts(t).keySet()) max = Math.max(max, label);
            double seen = split(t).maxLabel.getOrDefault(width(), -1.0);
            max = Math.max(max, (int) Math.min(Integer.MAX_VALUE, seen));
        }
        return max;
    }

    /** Rows without a problem, of the common width. */
    public long usable(boolean testSplit) {
        return split(testSplit).widths.getOrDefault(width(), 0L);
    }

    public long total(boolean testSplit) {
        return split(testSplit).problems.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rows that cannot be trained on, by problem (ragged rows included), in code order; empty when none. */
    public Map<RowProblem, Long> bad(boolean testSplit) {
        SplitCounts s = split(testSplit);
        Map<RowProblem, Long> out = new EnumMap<>(RowProblem.class);
        s.problems.forEach((p, n) -> {
            if (p != RowProblem.NONE && n > 0) out.put(p, n);
        });
        long ragged = s.problems.getOrDefault(RowProblem.NONE, 0L) - usable(testSplit);
        if (ragged > 0) out.put(RowProblem.RAGGED, ragged);
        return out;
    }

    /** Usable rows per class of one split, for the manifest. */
    public Map<Integer, Long> classCounts(boolean testSplit) {
        return new TreeMap<>(split(testSplit).labels.getOrDefault(width(), Map.of()));
    }

    /** The counts of one split for the manifest: rows, usable, bad rows by problem key. */
    public Map<String, Object> describe(boolean testSplit) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("rows", total(testSplit));
        d.put("usable", usable(testSplit));
        Map<String, Long> bad = new LinkedHashMap<>();
        bad(testSplit).forEach((p, n) -> bad.put(p.key(), n));
        d.put("bad_rows", bad);
        return d;
    }

    private SplitCounts split(boolean testSplit) {
        return testSplit ? test : train;
    }
}
