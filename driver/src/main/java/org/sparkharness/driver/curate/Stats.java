package org.sparkharness.driver.curate;

import org.sparkharness.data.io.StageFiles;

/** Stage statistics come back typed from a run and as plain JSON maps from a completion marker; this reads both. */
final class Stats {
    private Stats() {}

    static <T> T as(Object stats, Class<T> type) {
        return type.isInstance(stats) ? type.cast(stats) : StageFiles.JSON.convertValue(stats, type);
    }
}
