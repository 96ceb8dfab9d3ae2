package org.sparkharness.data.table;

import java.io.Serializable;
import org.sparkharness.executors.model.Task;

/**
 * What a row's label must be: a class index below {@code classes} (null: any whole number ≥ 0, the classes being
 * inferred later), or {@code outputs} finite regression targets.
 */
public record Labels(Task task, Integer classes, int outputs) implements Serializable {
    public static Labels classes(Integer classes) {
        return new Labels(Task.CLASSIFICATION, classes, 0);
    }

    public static Labels targets(int outputs) {
        return new Labels(Task.REGRESSION, null, outputs);
    }

    public boolean isRegression() {
        return task == Task.REGRESSION;
    }
}
