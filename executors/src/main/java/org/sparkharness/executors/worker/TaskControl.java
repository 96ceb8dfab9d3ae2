package org.sparkharness.executors.worker;

import org.apache.spark.TaskContext;

/**
 * Lets long-running task code notice that Spark cancelled it. Native ND4J ops ignore thread interrupts, so work
 * checks this between steps and while sleeping.
 */
@FunctionalInterface
public interface TaskControl {
    boolean cancelled();

    /** Never cancelled: for running worker code outside Spark (tests, single-JVM baselines). */
    TaskControl NEVER = () -> false;

    /** The current Spark task's state, or {@link #NEVER} outside a task. */
    static TaskControl spark() {
        TaskContext ctx = TaskContext.get();
        return ctx == null ? NEVER : () -> ctx.isInterrupted() || Thread.currentThread().isInterrupted();
    }

    /** Throws {@link TaskCancelledException} if cancelled. */
    default void checkpoint(String where) {
        if (cancelled()) throw new TaskCancelledException(where);
    }

    /** Sleeps in short slices so a cancelled straggler frees its core within a few milliseconds. */
    default void sleep(long millis, String where) {
        long end = System.nanoTime() + millis * 1_000_000L;
        while (true) {
            checkpoint(where);
            long left = end - System.nanoTime();
            if (left <= 0) return;
            try {
                Thread.sleep(Math.min(5, Math.max(1, left / 1_000_000L)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TaskCancelledException(where);
            }
        }
    }
}
