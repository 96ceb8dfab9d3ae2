package org.sparkharness.executors.worker;

/** Thrown inside a task that noticed its cancellation; Spark records the task as killed, not failed. */
public final class TaskCancelledException extends RuntimeException {
    public TaskCancelledException(String where) {
        super("task cancelled (" + where + ")");
    }
}
