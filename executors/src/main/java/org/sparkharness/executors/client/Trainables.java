package org.sparkharness.executors.client;

import java.util.List;
import java.util.Set;
import org.sparkharness.optimizers.ParamTable;

/** Splitting a client's trainable table into global (uploaded) and local (kept) entries, and joining them back. */
public final class Trainables {
    private Trainables() {}

    /** Global entries and local entries joined in {@code order}; global wins when a name is in both. */
    public static ParamTable join(ParamTable global, ParamTable local, List<String> order) {
        if (local.size() == 0) return global;
        ParamTable.Builder b = ParamTable.builder();
        for (String name : order) {
            ParamTable from = global.contains(name) ? global : local;
            if (!from.contains(name)) throw new IllegalArgumentException("trainable entry " + name + " is in neither table");
            b.put(name, from.get(name));
        }
        return b.build();
    }

    /** The entries of {@code table} whose names are (or, with {@code inside} false, are not) in {@code names}. */
    public static ParamTable select(ParamTable table, Set<String> names, boolean inside) {
        ParamTable.Builder b = ParamTable.builder();
        for (String n : table.names()) if (names.contains(n) == inside) b.put(n, table.get(n));
        return b.build();
    }
}
